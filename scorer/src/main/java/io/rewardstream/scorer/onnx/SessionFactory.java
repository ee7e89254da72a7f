package io.rewardstream.scorer.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.rewardstream.scorer.Device;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScorerConfig;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the one ONNX Runtime session a model serves from, on the configured device and with the
 * configured options. Whether CUDA works is decided by trying: {@code getAvailableProviders()}
 * lists what the native library was built with, not what loads on this machine.
 */
final class SessionFactory {

  private static final Logger log = LoggerFactory.getLogger(SessionFactory.class);

  /** A session and the device it actually runs on ({@code cpu} or {@code cuda:N}). */
  record OpenedSession(OrtSession session, Device device) {}

  private SessionFactory() {}

  static OpenedSession open(OrtEnvironment env, Path modelFile, ScorerConfig config) {
    Device wanted = config.device();
    if (wanted.kind() == Device.Kind.CPU) {
      return new OpenedSession(create(env, modelFile, config, -1), Device.CPU);
    }
    int ordinal = wanted.kind() == Device.Kind.CUDA ? wanted.ordinal() : 0;
    try {
      OrtSession session = create(env, modelFile, config, ordinal);
      log.info("{}={}: running on cuda:{}", ScorerConfig.DEVICE_CONFIG, wanted, ordinal);
      return new OpenedSession(session, Device.cuda(ordinal));
    } catch (CudaUnavailableException e) {
      if (wanted.kind() == Device.Kind.CUDA) {
        throw new ModelLoadException(
            ScorerConfig.DEVICE_CONFIG
                + "="
                + wanted
                + ": the CUDA execution provider cannot be used: "
                + e.getMessage(),
            e);
      }
      // WARN: a GPU worker that falls back is a capacity problem someone should see. A model that
      // is itself broken fails again on the CPU, with ONNX Runtime's message.
      log.warn(
          "{}=auto: could not run on CUDA ({}); running on cpu",
          ScorerConfig.DEVICE_CONFIG,
          e.getMessage());
      return new OpenedSession(create(env, modelFile, config, -1), Device.CPU);
    }
  }

  /** Creates a session; a CUDA ordinal of -1 means CPU only. */
  private static OrtSession create(OrtEnvironment env, Path file, ScorerConfig config, int cuda) {
    try (SessionOptions options = new SessionOptions()) {
      options.setIntraOpNumThreads(config.intraOpThreads());
      options.setInterOpNumThreads(config.interOpThreads());
      options.setOptimizationLevel(optLevel(config.optimizationLevel()));
      options.addConfigEntry("session.intra_op.allow_spinning", config.allowSpinning() ? "1" : "0");
      options.addConfigEntry("session.inter_op.allow_spinning", config.allowSpinning() ? "1" : "0");
      if (config.profile()) {
        String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        options.enableProfiling(
            Path.of(System.getProperty("java.io.tmpdir"), "rewardstream-onnxruntime-" + stem)
                .toString());
      }
      if (cuda >= 0) {
        try {
          options.addCUDA(cuda);
          return env.createSession(file.toString(), options);
        } catch (OrtException | UnsatisfiedLinkError e) {
          throw new CudaUnavailableException(e);
        }
      }
      return env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  private static OptLevel optLevel(ScorerConfig.OptimizationLevel level) {
    return switch (level) {
      case NONE -> OptLevel.NO_OPT;
      case BASIC -> OptLevel.BASIC_OPT;
      case EXTENDED -> OptLevel.EXTENDED_OPT;
      case ALL -> OptLevel.ALL_OPT;
    };
  }

  /** CUDA could not be added or a CUDA session could not be created; the message is ORT's. */
  private static final class CudaUnavailableException extends RuntimeException {
    CudaUnavailableException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
