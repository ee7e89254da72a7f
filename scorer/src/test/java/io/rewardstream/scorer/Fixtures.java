package io.rewardstream.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The fixture models under {@code src/test/resources/fixtures/} (made by {@code
 * src/test/fixtures/make_fixtures.py}) and their expected outputs.
 */
public final class Fixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The folder of fixture {@code name}, such as {@code classifier}. */
  public static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A scorer configuration for fixture {@code name}. */
  public static ScorerConfig config(String name) {
    return ScorerConfig.builder().modelDir(dir(name)).build();
  }

  /** A JSON file of a fixture. */
  public static JsonNode json(String name, String file) {
    try {
      return JSON.readTree(dir(name).resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a fixture folder into {@code target}, to be edited by a test. */
  public static Path copy(String name, Path target) {
    try (Stream<Path> files = Files.list(dir(name))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies fixture {@code name} into {@code target} and rewrites its manifest with {@code edit}.
   *
   * @return {@code target}
   */
  public static Path withManifest(String name, Path target, Consumer<ObjectNode> edit) {
    copy(name, target);
    ObjectNode manifest = (ObjectNode) json(name, "model.json");
    edit.accept(manifest);
    try {
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(target.resolve("model.json").toFile(), manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** A fixture's expected requests and rewards, from its {@code expected.json}. */
  public static List<ExpectedRequest> expected(String name) {
    List<ExpectedRequest> result = new ArrayList<>();
    for (JsonNode r : json(name, "expected.json").get("requests")) {
      double[][] heads = new double[r.get("head_rewards").size()][];
      for (int k = 0; k < heads.length; k++) {
        heads[k] = doubles(r.get("head_rewards").get(k));
      }
      result.add(
          new ExpectedRequest(
              new ScoreRequest(ints(r.get("token_ids")), ints(r.get("positions"))),
              doubles(r.get("rewards")),
              heads));
    }
    return result;
  }

  public static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }

  public static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  /** One request of a fixture with the rewards PyTorch computed for it. */
  public record ExpectedRequest(ScoreRequest request, double[] rewards, double[][] headRewards) {}
}
