package io.rewardstream.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line that launches Apicurio Registry 3.x for {@link ApicurioRegistry}: Quarkus HTTP
 * and management interfaces on loopback with explicit ports, in-memory H2 storage, and a global
 * BACKWARD compatibility rule.
 */
final class ApicurioCommand {

  private ApicurioCommand() {}

  /**
   * Builds {@code java [jvm options] -D... -jar quarkus-run.jar}; {@code extraProperties} are
   * applied last and win.
   */
  static List<String> build(
      JavaRuntime java,
      Path jar,
      int httpPort,
      int managementPort,
      Map<String, String> extraProperties) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.host", "127.0.0.1");
    props.put("quarkus.http.port", Integer.toString(httpPort));
    props.put("quarkus.management.host", "127.0.0.1");
    props.put("quarkus.management.port", Integer.toString(managementPort));
    // In-memory storage: H2 in memory is Apicurio's SQL default; pinned so a packaging change
    // cannot silently switch to a persistent store.
    props.put("apicurio.storage.kind", "sql");
    props.put("apicurio.storage.sql.kind", "h2");
    props.put("apicurio.datasource.url", "jdbc:h2:mem:registry");
    props.put("apicurio.datasource.jdbc.initial-size", "2");
    props.put("apicurio.datasource.jdbc.min-size", "2");
    // Confluent's registry checks BACKWARD compatibility by default; Apicurio checks nothing
    // unless a global rule is configured.
    props.put("apicurio.rules.global.compatibility", "BACKWARD");
    props.putAll(extraProperties);

    List<String> command = new ArrayList<>();
    command.add(java.executable().toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    // A test registry serves a few hundred requests: start-up time matters, peak speed does not.
    command.add("-XX:TieredStopAtLevel=1");
    props.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }
}
