package io.rewardstream.scorer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.manifest.ModelManifest.InputNames;
import io.rewardstream.scorer.manifest.ModelManifest.StepSeparator;
import io.rewardstream.scorer.manifest.ModelManifest.Template;
import io.rewardstream.scorer.manifest.ModelManifest.TokenMode;
import io.rewardstream.scorer.manifest.ModelManifest.TokenizerSpec;
import io.rewardstream.scorer.manifest.ModelManifest.Truncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a model folder's {@code model.json} into a {@link ModelManifest}, checking that it is
 * complete and consistent on its own (the graph is checked later, against the loaded session). All
 * problems are reported together in one {@link ModelLoadException}.
 */
public final class ManifestParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestParser() {}

  /**
   * Parses {@code directory/model.json}.
   *
   * @throws ModelLoadException when the folder or manifest is missing, unreadable or invalid
   */
  public static ModelManifest parse(Path directory) {
    Path file = directory.resolve(ModelManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "No reward model manifest: expected " + file.toAbsolutePath() + ", found no such file");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read manifest " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelLoadException("Invalid manifest " + file + ": expected a JSON object");
    }
    ManifestFields f = new ManifestFields();
    ModelManifest manifest = read(directory, root, f);
    if (!f.problems().isEmpty()) {
      throw new ModelLoadException(
          "Invalid manifest " + file + ":\n  - " + String.join("\n  - ", f.problems()));
    }
    return manifest;
  }

  private static ModelManifest read(Path dir, JsonNode root, ManifestFields f) {
    String id = f.text(root, "id", true);
    String version = f.text(root, "version", true);
    Path modelFile = existingFile(dir, f.text(root, "model_file", true), "model_file", f);
    Path withPastFile =
        existingFile(dir, f.text(root, "model_with_past_file", false), "model_with_past_file", f);
    JsonNode in = f.object(root, "inputs", true);
    InputNames inputs =
        new InputNames(
            f.text(in, "inputs.input_ids", true),
            f.text(in, "inputs.attention_mask", true),
            f.text(in, "inputs.position_ids", false));
    Map<String, String> outputs = outputs(f.object(root, "outputs", true), f);
    int vocabSize = f.integer(root, "vocab_size", null, 1);
    int maxContext = f.integer(root, "max_context", null, 1);
    JsonNode sep = f.object(root, "step_separator", false);
    StepSeparator separator =
        new StepSeparator(
            f.integer(sep, "step_separator.token_id", -1, 0),
            f.text(sep, "step_separator.text", false));
    ReaderSpec reader = ReaderSpecParser.read(f.object(root, "reader", true), outputs, f);
    JsonNode tpl = f.object(root, "template", false);
    String defaultSuffix = separator.text() == null ? "\n" : separator.text();
    Template template =
        new Template(
            f.text(tpl, "template.prefix", ""),
            f.text(tpl, "template.prompt_suffix", "\n"),
            f.text(tpl, "template.step_suffix", defaultSuffix));
    Truncation truncation = truncation(f.text(root, "truncation", true), f);
    int headTokens = f.integer(root, "truncation_head_tokens", 0, 0);
    if (headTokens >= maxContext) {
      f.problem("truncation_head_tokens", "must be below max_context " + maxContext);
    }
    int padId = f.integer(root, "pad_id", 0, 0);
    String pastPositions = f.text(root, "past_positions", "past-length");
    if (!pastPositions.equals("past-length") && !pastPositions.equals("attention-mask")) {
      f.problem(
          "past_positions",
          "expected past-length or attention-mask, found '" + pastPositions + "'");
    }
    TokenMode tokens = tokenMode(f.text(root, "tokens", "pass-through"), f);
    TokenizerSpec tokenizer = tokenizer(dir, root, f);
    if (tokens == TokenMode.RETOKENIZE && tokenizer == null) {
      f.problem("tokenizer", "required when tokens is retokenize");
    }
    JsonNode domain = f.object(root, "domain", false);
    var manifest =
        new ModelManifest(
            dir,
            id,
            version,
            modelFile,
            withPastFile,
            inputs,
            outputs,
            reader,
            separator,
            template,
            maxContext,
            truncation,
            headTokens,
            vocabSize,
            padId,
            tokens,
            tokenizer,
            f.text(domain, "domain.description", ""),
            pastPositions.equals("attention-mask"));
    ReaderSpecParser.checkTokenIds(manifest, f);
    return manifest;
  }

  private static Map<String, String> outputs(JsonNode node, ManifestFields f) {
    Map<String, String> outputs = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              if (e.getValue().isTextual()) {
                outputs.put(e.getKey(), e.getValue().asText());
              } else {
                f.problem("outputs." + e.getKey(), "expected a graph output name");
              }
            });
    return outputs;
  }

  private static TokenizerSpec tokenizer(Path dir, JsonNode root, ManifestFields f) {
    if (root.get("tokenizer") == null || root.get("tokenizer").isNull()) {
      return null;
    }
    JsonNode node = f.object(root, "tokenizer", true);
    String id = f.text(node, "tokenizer.id", true);
    Path file = existingFile(dir, f.text(node, "tokenizer.file", true), "tokenizer.file", f);
    return new TokenizerSpec(id, file, f.bool(node, "tokenizer.add_special_tokens", true));
  }

  private static Path existingFile(Path dir, String name, String path, ManifestFields f) {
    if (name == null) {
      return null;
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      f.problem(path, "expected file " + file.toAbsolutePath() + ", found no such file");
    }
    return file;
  }

  private static Truncation truncation(String text, ManifestFields f) {
    for (Truncation t : Truncation.values()) {
      if (t.spelling().equals(text)) {
        return t;
      }
    }
    if (text != null) {
      f.problem("truncation", "expected keep-head-and-tail or reject, found '" + text + "'");
    }
    return Truncation.REJECT;
  }

  private static TokenMode tokenMode(String text, ManifestFields f) {
    return switch (text) {
      case "pass-through" -> TokenMode.PASS_THROUGH;
      case "retokenize" -> TokenMode.RETOKENIZE;
      default -> {
        f.problem(
            "tokens",
            "expected one of " + Arrays.asList("pass-through", "retokenize") + ", found " + text);
        yield TokenMode.PASS_THROUGH;
      }
    };
  }
}
