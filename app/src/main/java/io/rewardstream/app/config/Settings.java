package io.rewardstream.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of one run, from lowest to highest precedence: a properties file, {@code
 * REWARDSTREAM_*} environment variables, then command-line {@code --set key=value}. Every value
 * remembers where it came from, for the start-up summary. Keys no module defines pass through to
 * Kafka untouched.
 */
public final class Settings {
  private final Map<String, String> values;
  private final Map<String, String> origins;

  private Settings(Map<String, String> values, Map<String, String> origins) {
    this.values = Collections.unmodifiableMap(values);
    this.origins = Collections.unmodifiableMap(origins);
  }

  /**
   * Loads the settings.
   *
   * @param file a properties file, or null for none
   * @param environment the process environment ({@code System.getenv()})
   * @param overrides command-line settings
   * @throws IllegalArgumentException when the file does not exist or cannot be read
   */
  public static Settings load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    if (file != null) {
      readFile(file).forEach((k, v) -> put(values, origins, k, v, file.toString()));
    }
    EnvironmentVariables.settings(environment)
        .forEach((k, v) -> put(values, origins, k, v, "env " + EnvironmentVariables.toVariable(k)));
    overrides.forEach((k, v) -> put(values, origins, k, v, "command line"));
    return new Settings(values, origins);
  }

  /** Settings given directly, for the embedded commands and tests. */
  public static Settings of(Map<String, String> values, String origin) {
    Map<String, String> origins = new TreeMap<>();
    values.keySet().forEach(k -> origins.put(k, origin));
    return new Settings(new TreeMap<>(values), origins);
  }

  /** The properties of a classpath resource, such as the bundled {@code demo.properties}. */
  public static Map<String, String> resource(String path) {
    Properties properties = new Properties();
    try (java.io.InputStream in = Settings.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + path + " is missing from the application");
      }
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read resource " + path, e);
    }
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
    return map;
  }

  /** These settings with {@code overrides} on top. */
  public Settings with(Map<String, String> overrides, String origin) {
    Map<String, String> v = new TreeMap<>(values);
    Map<String, String> o = new TreeMap<>(origins);
    overrides.forEach((k, value) -> put(v, o, k, value, origin));
    return new Settings(v, o);
  }

  private static void put(
      Map<String, String> values,
      Map<String, String> origins,
      String key,
      String value,
      String origin) {
    values.put(key.trim(), value.trim());
    origins.put(key.trim(), origin);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "Configuration file " + file.toAbsolutePath() + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }

  /** Every setting, sorted by key. */
  public Map<String, String> values() {
    return values;
  }

  /**
   * Where {@code key}'s value came from: a file name, an environment variable, the command line.
   */
  public String origin(String key) {
    return origins.get(key);
  }

  public String get(String key) {
    return values.get(key);
  }
}
