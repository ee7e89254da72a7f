package io.rewardstream.scorer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.manifest.ReaderSpec;
import io.rewardstream.scorer.manifest.ReaderSpec.ClassifierAtStepToken;
import io.rewardstream.scorer.manifest.ReaderSpec.Head;
import io.rewardstream.scorer.manifest.ReaderSpec.MultiHead;
import io.rewardstream.scorer.manifest.ReaderSpec.TagTokenLogits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a loaded graph against its manifest before anything is served: every input the manifest
 * names exists as int64 {@code [B,T]}, the graph needs no input the manifest does not name, and
 * every output the reader reads exists as float {@code [B,T]} or {@code [B,T,K]} wide enough for
 * the classes or token ids it reads. All mismatches are reported at once, with what was expected
 * and what was found.
 */
final class GraphValidator {

  private final ModelManifest manifest;
  private final Path file;
  private final Set<String> extraInputs;
  private final Map<String, NodeInfo> graphInputs;
  private final Map<String, NodeInfo> graphOutputs;
  private final List<String> problems = new ArrayList<>();

  private GraphValidator(
      ModelManifest manifest, OrtSession session, Path file, Set<String> extraInputs)
      throws OrtException {
    this.manifest = manifest;
    this.file = file;
    this.extraInputs = extraInputs;
    this.graphInputs = session.getInputInfo();
    this.graphOutputs = session.getOutputInfo();
  }

  /**
   * The shape of an output after its {@code [B,T]} axes.
   *
   * @param rank 2 or 3
   * @param width the last axis for rank 3 (-1 when the graph does not fix it), 1 for rank 2
   */
  record OutputShape(int rank, int width) {}

  /**
   * Validates and returns the shape of every graph output the reader reads.
   *
   * @throws ModelLoadException listing every mismatch
   */
  static Map<String, OutputShape> validate(ModelManifest manifest, OrtSession session) {
    return validate(manifest, session, manifest.modelFile(), Set.of());
  }

  /**
   * Validates {@code file}'s graph, which may have {@code extraInputs} beside the manifest's (the
   * past inputs of a with-past graph, checked by {@link PastLayout}).
   *
   * @throws ModelLoadException listing every mismatch
   */
  static Map<String, OutputShape> validate(
      ModelManifest manifest, OrtSession session, Path file, Set<String> extraInputs) {
    try {
      return new GraphValidator(manifest, session, file, extraInputs).run();
    } catch (OrtException e) {
      throw new ModelLoadException("Cannot inspect " + file + ": " + e, e);
    }
  }

  private Map<String, OutputShape> run() {
    ModelManifest.InputNames in = manifest.inputs();
    Set<String> declared = new HashSet<>();
    for (String name : Arrays.asList(in.inputIds(), in.attentionMask(), in.positionIds())) {
      if (name != null) {
        declared.add(name);
        checkInput(name);
      }
    }
    graphInputs.keySet().stream()
        .filter(name -> !declared.contains(name) && !extraInputs.contains(name))
        .forEach(
            name -> problems.add("graph input '" + name + "' is not in the manifest's inputs"));
    manifest.outputs().forEach((role, name) -> checkOutputExists(role, name));
    Map<String, OutputShape> shapes = new LinkedHashMap<>();
    ReaderSpec reader = manifest.reader();
    if (reader instanceof ClassifierAtStepToken c) {
      shapes.put(output("logits"), checkOutput("logits", 3, c.positiveIndex(), "class"));
    } else if (reader instanceof TagTokenLogits t) {
      int highest = Math.max(t.plusTokenId(), t.minusTokenId());
      shapes.put(output("logits"), checkOutput("logits", 3, highest, "token id"));
    } else if (reader instanceof MultiHead m) {
      for (Head h : m.heads()) {
        shapes.put(output(h.output()), checkOutput(h.output(), 0, h.index(), "head index"));
      }
    } else {
      OutputShape shape = checkOutput("value", 0, 0, "value index");
      if (shape.width() > 1) {
        problems.add(
            "output '"
                + output("value")
                + "': expected float [batch, tokens] or [batch, tokens, 1], found width "
                + shape.width());
      }
      shapes.put(output("value"), shape);
    }
    if (!problems.isEmpty()) {
      throw new ModelLoadException(
          "Graph "
              + file
              + " does not match its manifest "
              + manifest.directory().resolve(ModelManifest.FILE_NAME)
              + ":\n  - "
              + String.join("\n  - ", problems)
              + "\nGraph inputs: "
              + describe(graphInputs)
              + "\nGraph outputs: "
              + describe(graphOutputs));
    }
    return shapes;
  }

  private String output(String role) {
    return manifest.outputs().get(role);
  }

  private void checkInput(String name) {
    TensorInfo info = tensor(graphInputs.get(name));
    if (info == null) {
      problems.add("input '" + name + "': expected int64 [batch, tokens], found no such input");
    } else if (info.type != OnnxJavaType.INT64 || info.getShape().length != 2) {
      problems.add("input '" + name + "': expected int64 [batch, tokens], found " + describe(info));
    }
  }

  private void checkOutputExists(String role, String name) {
    if (!graphOutputs.containsKey(name)) {
      problems.add("outputs." + role + " '" + name + "': found no such graph output");
    }
  }

  /**
   * Checks a float output of rank 2 or 3 ({@code rank} 3: only rank 3) whose last axis has an entry
   * {@code index}.
   */
  private OutputShape checkOutput(String role, int rank, int index, String what) {
    TensorInfo info = tensor(graphOutputs.get(output(role)));
    if (info == null) {
      return new OutputShape(rank == 3 ? 3 : 2, -1);
    }
    long[] shape = info.getShape();
    String expected = rank == 3 ? "float [batch, tokens, K]" : "float [batch, tokens(, K)]";
    boolean rankOk = rank == 3 ? shape.length == 3 : shape.length == 2 || shape.length == 3;
    if (info.type != OnnxJavaType.FLOAT || !rankOk) {
      problems.add(
          "output '" + output(role) + "': expected " + expected + ", found " + describe(info));
      return new OutputShape(shape.length, -1);
    }
    int width = shape.length == 2 ? 1 : (int) shape[2];
    if (width > 0 && index >= width) {
      problems.add(
          String.format(
              "output '%s': expected a last axis wider than %s %d, found %s",
              output(role), what, index, describe(info)));
    }
    return new OutputShape(shape.length, width);
  }

  private static TensorInfo tensor(NodeInfo node) {
    return node != null && node.getInfo() instanceof TensorInfo t ? t : null;
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    return nodes.entrySet().stream()
        .map(e -> e.getKey() + " " + describe(tensor(e.getValue())))
        .collect(Collectors.joining(", "));
  }

  private static String describe(TensorInfo info) {
    if (info == null) {
      return "(not a tensor)";
    }
    long[] shape = info.getShape();
    String[] names = info.getDimensionNames();
    List<String> dims = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      boolean named = shape[i] < 0 && names != null && i < names.length && !names[i].isEmpty();
      dims.add(shape[i] >= 0 ? Long.toString(shape[i]) : named ? names[i] : "?");
    }
    return info.type.name().toLowerCase(java.util.Locale.ROOT) + " " + dims;
  }
}
