package io.rewardstream.scorer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rewardstream.scorer.manifest.ReaderSpec.ClassifierAtStepToken;
import io.rewardstream.scorer.manifest.ReaderSpec.Head;
import io.rewardstream.scorer.manifest.ReaderSpec.MultiHead;
import io.rewardstream.scorer.manifest.ReaderSpec.TagTokenLogits;
import io.rewardstream.scorer.manifest.ReaderSpec.ValueHead;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the manifest's {@code reader} object and checks it against the rest of the manifest. */
final class ReaderSpecParser {

  static final List<String> KINDS =
      List.of("classifier-at-step-token", "tag-token-logits", "value-head", "multi-head");

  private ReaderSpecParser() {}

  static ReaderSpec read(JsonNode node, Map<String, String> outputs, ManifestFields f) {
    String kind = f.text(node, "reader.kind", true);
    if (kind == null) {
      return new ValueHead(false);
    }
    switch (kind) {
      case "classifier-at-step-token":
        requireOutput("logits", outputs, f);
        return new ClassifierAtStepToken(f.integer(node, "reader.positive_index", null, 0));
      case "tag-token-logits":
        requireOutput("logits", outputs, f);
        return new TagTokenLogits(
            f.integer(node, "reader.tag_token_id", null, 0),
            f.integer(node, "reader.plus_token_id", null, 0),
            f.integer(node, "reader.minus_token_id", null, 0));
      case "value-head":
        requireOutput("value", outputs, f);
        return new ValueHead(f.bool(node, "reader.sigmoid", false));
      case "multi-head":
        return new MultiHead(heads(node.get("heads"), outputs, f));
      default:
        f.problem("reader.kind", "expected one of " + KINDS + ", found '" + kind + "'");
        return new ValueHead(false);
    }
  }

  private static List<Head> heads(JsonNode array, Map<String, String> outputs, ManifestFields f) {
    List<Head> heads = new ArrayList<>();
    if (array == null || !array.isArray() || array.isEmpty()) {
      f.problem("reader.heads", "expected a non-empty array of {name, output, weight}");
      return heads;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "reader.heads[" + i + "]";
      JsonNode h = array.get(i);
      String name = f.text(h, path + ".name", true);
      String output = f.text(h, path + ".output", true);
      if (output != null && !outputs.containsKey(output)) {
        f.problem(path + ".output", "'" + output + "' is not a key of outputs " + outputs.keySet());
      }
      if (name != null && !names.add(name)) {
        f.problem(path + ".name", "duplicate head name '" + name + "'");
      }
      int index = f.integer(h, path + ".index", 0, 0);
      double weight = f.number(h, path + ".weight");
      boolean sigmoid = f.bool(h, path + ".sigmoid", false);
      if (name != null && output != null) {
        heads.add(new Head(name, output, index, weight, sigmoid));
      }
    }
    return heads;
  }

  private static void requireOutput(String role, Map<String, String> outputs, ManifestFields f) {
    if (!outputs.containsKey(role)) {
      f.problem("outputs." + role, "missing: the reader reads the '" + role + "' output");
    }
  }

  /** Token ids must lie in the vocabulary, and step-token readers need their token. */
  static void checkTokenIds(ModelManifest m, ManifestFields f) {
    int vocab = m.vocabSize();
    checkInVocab("pad_id", m.padId(), vocab, f);
    checkInVocab("step_separator.token_id", m.stepSeparator().tokenId(), vocab, f);
    if (m.reader() instanceof ClassifierAtStepToken && m.stepSeparator().tokenId() < 0) {
      f.problem("step_separator.token_id", "required by reader classifier-at-step-token");
    }
    if (m.reader() instanceof TagTokenLogits t) {
      checkInVocab("reader.tag_token_id", t.tagTokenId(), vocab, f);
      checkInVocab("reader.plus_token_id", t.plusTokenId(), vocab, f);
      checkInVocab("reader.minus_token_id", t.minusTokenId(), vocab, f);
      int sep = m.stepSeparator().tokenId();
      if (sep >= 0 && sep != t.tagTokenId()) {
        f.problem(
            "step_separator.token_id",
            "must be the tag token " + t.tagTokenId() + " for tag-token-logits, was " + sep);
      }
    }
  }

  private static void checkInVocab(String path, int id, int vocab, ManifestFields f) {
    if (id >= vocab) {
      f.problem(path, "token id " + id + " is outside the vocabulary [0, " + vocab + ")");
    }
  }
}
