package io.rewardstream.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, through the storage
 * tool's Java API ({@link Formatter}). A directory that is already formatted is left as it is, so a
 * broker can be restarted on its old data.
 */
final class KraftStorage {

  private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
  private static final String META_PROPERTIES = "meta.properties";

  private KraftStorage() {}

  /**
   * Formats {@code logDir} for {@code config} unless it already holds a {@code meta.properties}.
   */
  static void formatIfNeeded(KafkaConfig config, Path logDir) throws Exception {
    if (Files.exists(logDir.resolve(META_PROPERTIES))) {
      LOG.info("Reusing formatted KRaft log directory {}", logDir);
      return;
    }
    Files.createDirectories(logDir);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String clusterId = Uuid.randomUuid().toString();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(config.nodeId())
          .setClusterId(clusterId)
          .setControllerListenerName(KraftNodeConfig.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .addDirectory(logDir.toAbsolutePath().toString())
          .run();
    }
    LOG.info("Formatted KRaft log directory {} for cluster {}", logDir, clusterId);
    LOG.debug("Storage formatter said: {}", output.toString(StandardCharsets.UTF_8).strip());
  }

  /** Deletes {@code logDir} and everything in it; failures are logged, not thrown. */
  static void delete(Path logDir) {
    if (!Files.exists(logDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(logDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete embedded broker data under {}", logDir, e);
    }
  }
}
