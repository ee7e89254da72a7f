package io.rewardstream.scorer.onnx;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the directory ONNX Runtime's Java binding extracts its native libraries into. The binding
 * creates {@code onnxruntime-java<random>} under {@code java.io.tmpdir} at its first use and keeps
 * it for the JVM's lifetime (execution-provider libraries may be extracted there later), but never
 * deletes it: every process that scored anything left one behind. A shutdown hook removes it when
 * the JVM exits. The binding does not expose the path, so it is read from its private field; if a
 * later binding renames the field, nothing is removed and nothing fails.
 */
final class OrtNativeFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OrtNativeFiles.class);
  private static boolean registered;

  private OrtNativeFiles() {}

  /** Registers, once per JVM, the removal of the extraction directory at exit. */
  static synchronized void deleteOnExit() {
    if (registered) {
      return;
    }
    registered = true;
    extractionDirectory()
        .ifPresent(
            dir ->
                Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> delete(dir), "onnxruntime-native-cleanup")));
  }

  /** Where the binding extracted its libraries, once it has been initialised. */
  static Optional<Path> extractionDirectory() {
    try {
      Class<?> runtime = Class.forName("ai.onnxruntime.OnnxRuntime");
      Field field = runtime.getDeclaredField("tempDirectory");
      field.setAccessible(true);
      Object value = field.get(null);
      return value instanceof Path path ? Optional.of(path) : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Cannot find ONNX Runtime's native library directory: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Deletes {@code dir} and what it holds; a failure is logged, not thrown. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot delete ONNX Runtime's native library directory {}: {}", dir, e.toString());
    }
  }
}
