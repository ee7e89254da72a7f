package io.rewardstream.scorer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a reward model runs, as given by {@code scorer.device}: {@code cpu}, {@code cuda:N} (the
 * CUDA device with ordinal N; start-up fails when it cannot be used) or {@code auto} (CUDA device 0
 * when it works, the CPU otherwise).
 *
 * @param kind the kind of device
 * @param ordinal the CUDA device ordinal, or -1 for {@code cpu} and {@code auto}
 */
public record Device(Kind kind, int ordinal) {

  private static final Pattern CUDA = Pattern.compile("cuda:(\\d{1,3})");

  /** The kinds of device. */
  public enum Kind {
    CPU,
    CUDA,
    AUTO
  }

  /** The CPU. */
  public static final Device CPU = new Device(Kind.CPU, -1);

  /** CUDA device 0 when it works, the CPU otherwise. */
  public static final Device AUTO = new Device(Kind.AUTO, -1);

  public Device {
    if ((kind == Kind.CUDA) != (ordinal >= 0)) {
      throw new IllegalArgumentException("a CUDA device needs an ordinal >= 0, others none");
    }
  }

  /** CUDA device {@code ordinal}. */
  public static Device cuda(int ordinal) {
    return new Device(Kind.CUDA, ordinal);
  }

  /**
   * Parses {@code cpu}, {@code auto} or {@code cuda:N} (case-insensitive).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Device parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("cpu")) {
      return CPU;
    }
    if (value.equals("auto")) {
      return AUTO;
    }
    Matcher m = CUDA.matcher(value);
    if (m.matches()) {
      return cuda(Integer.parseInt(m.group(1)));
    }
    throw new IllegalArgumentException(
        "expected cpu, auto or cuda:N (N a device ordinal), found '" + text + "'");
  }

  @Override
  public String toString() {
    return kind == Kind.CUDA ? "cuda:" + ordinal : kind.name().toLowerCase(Locale.ROOT);
  }
}
