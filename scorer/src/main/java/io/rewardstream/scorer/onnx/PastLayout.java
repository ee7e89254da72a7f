package io.rewardstream.scorer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.rewardstream.scorer.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key/value inputs and outputs of a with-past graph, in HuggingFace/Optimum naming: for each
 * layer {@code i} from 0, inputs {@code past_key_values.i.key} and {@code past_key_values.i.value}
 * (float {@code [batch, heads, past_sequence, head_dim]}) and outputs {@code present.i.key} and
 * {@code present.i.value} ({@code [batch, heads, past_sequence + sequence, head_dim]}). Every one
 * has the same fixed {@code heads} and {@code head_dim}.
 *
 * @param pastInputs input names, layer by layer, key before value
 * @param presentOutputs the matching output names, in the same order
 * @param heads the heads axis
 * @param headDim the last axis
 */
record PastLayout(List<String> pastInputs, List<String> presentOutputs, int heads, int headDim) {

  PastLayout {
    pastInputs = List.copyOf(pastInputs);
    presentOutputs = List.copyOf(presentOutputs);
  }

  /** Floats one cached token takes: every past input's {@code heads x headDim}. */
  int floatsPerToken() {
    return pastInputs.size() * heads * headDim;
  }

  /** The past inputs' names, which a with-past graph has beside the manifest's inputs. */
  Set<String> inputNames() {
    return Set.copyOf(pastInputs);
  }

  /**
   * Reads the layout of {@code session}'s graph.
   *
   * @throws ModelLoadException when the graph has no past inputs, an output is missing, or the
   *     shapes are not as described above
   */
  static PastLayout of(OrtSession session, Path file) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      List<String> past = new ArrayList<>();
      List<String> present = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      int heads = -1;
      int headDim = -1;
      for (int layer = 0; inputs.containsKey("past_key_values." + layer + ".key"); layer++) {
        for (String part : List.of("key", "value")) {
          String in = "past_key_values." + layer + "." + part;
          String out = "present." + layer + "." + part;
          long[] inShape = shape(inputs.get(in), in, problems);
          long[] outShape = shape(outputs.get(out), out, problems);
          if (inShape == null || outShape == null) {
            continue;
          }
          if (heads < 0) {
            heads = (int) inShape[1];
            headDim = (int) inShape[3];
          }
          for (long[] s : List.of(inShape, outShape)) {
            if (s[1] != heads || s[3] != headDim || heads <= 0 || headDim <= 0) {
              problems.add(
                  String.format(
                      "'%s' and '%s': expected [batch, %d, sequence, %d] with fixed heads and"
                          + " head_dim, found %s and %s",
                      in,
                      out,
                      heads,
                      headDim,
                      Arrays.toString(inShape),
                      Arrays.toString(outShape)));
              break;
            }
          }
          past.add(in);
          present.add(out);
        }
      }
      if (past.isEmpty()) {
        problems.add("no input 'past_key_values.0.key': not a with-past graph");
      }
      if (!problems.isEmpty()) {
        throw new ModelLoadException(
            "model_with_past_file "
                + file
                + " does not have the expected key/value inputs and outputs:\n  - "
                + String.join("\n  - ", problems));
      }
      return new PastLayout(past, present, heads, headDim);
    } catch (OrtException e) {
      throw new ModelLoadException("Cannot inspect " + file + ": " + e.getMessage(), e);
    }
  }

  private static long[] shape(NodeInfo node, String name, List<String> problems) {
    if (node == null || !(node.getInfo() instanceof TensorInfo t)) {
      problems.add("'" + name + "': expected a float tensor, found none");
      return null;
    }
    if (t.type != OnnxJavaType.FLOAT || t.getShape().length != 4) {
      problems.add(
          "'"
              + name
              + "': expected float [batch, heads, sequence, head_dim], found "
              + t.type
              + " "
              + Arrays.toString(t.getShape()));
      return null;
    }
    return t.getShape();
  }
}
