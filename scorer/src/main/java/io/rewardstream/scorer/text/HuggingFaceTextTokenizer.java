package io.rewardstream.scorer.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.manifest.ModelManifest.TokenizerSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json} loaded with DJL's tokenizers (a bundled Rust library; CPU
 * build, offline: see {@link DjlNativeSettings}). No truncation or padding: the scorer applies the
 * manifest's own policy afterwards.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer {

  private final HuggingFaceTokenizer tokenizer;

  private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * Loads the tokenizer a manifest names.
   *
   * @throws ModelLoadException when the file cannot be read or parsed
   */
  public static HuggingFaceTextTokenizer load(TokenizerSpec spec) {
    DjlNativeSettings.apply();
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", Boolean.toString(spec.addSpecialTokens()),
            "truncation", "false",
            "padding", "false");
    try {
      return new HuggingFaceTextTokenizer(HuggingFaceTokenizer.newInstance(spec.file(), options));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          "Cannot load tokenizer " + spec.id() + " from " + spec.file() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Encoded encode(String text) {
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    CharSpan[] spans = encoding.getCharTokenSpans();
    int[] tokenIds = new int[ids.length];
    int[] starts = new int[ids.length];
    int[] ends = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      tokenIds[i] = Math.toIntExact(ids[i]);
      CharSpan span = spans[i];
      starts[i] = span == null ? 0 : span.getStart();
      ends[i] = span == null ? starts[i] : span.getEnd();
    }
    return new Encoded(tokenIds, starts, ends);
  }

  @Override
  public List<String> decodeEach(int count) {
    long[][] ids = new long[count][];
    for (int id = 0; id < count; id++) {
      ids[id] = new long[] {id};
    }
    // One native call for the whole vocabulary (a large one has 150k ids); an id past the
    // tokenizer's own vocabulary (models pad their embeddings) decodes to an empty string.
    return Arrays.asList(tokenizer.batchDecode(ids, false));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
