package io.rewardstream.scorer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ProcessBench-format JSONL: one object per line, {@code {"id", "problem", "steps": [...],
 * "label"}}; blank lines are skipped. A malformed line fails the read with its line number.
 */
public final class ProcessBenchReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProcessBenchReader() {}

  /**
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and line of a malformed example
   */
  public static List<ProcessBenchChain> read(Path file) throws IOException {
    List<ProcessBenchChain> chains = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          chains.add(parse(JSON.readTree(line)));
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
        }
      }
    }
    return chains;
  }

  private static ProcessBenchChain parse(JsonNode node) {
    JsonNode steps = node.get("steps");
    if (steps == null || !steps.isArray()) {
      throw new IllegalArgumentException("expected a \"steps\" array");
    }
    List<String> texts = new ArrayList<>();
    steps.forEach(s -> texts.add(s.asText()));
    return new ProcessBenchChain(
        required(node, "id").asText(),
        required(node, "problem").asText(),
        texts,
        labelOf(required(node, "label")));
  }

  private static int labelOf(JsonNode label) {
    if (!label.isIntegralNumber()) {
      throw new IllegalArgumentException("expected an integer \"label\", found " + label);
    }
    return label.asInt();
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return value;
  }
}
