package io.rewardstream.scorer.onnx;

import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.manifest.ReaderSpec;
import io.rewardstream.scorer.manifest.ReaderSpec.ClassifierAtStepToken;
import io.rewardstream.scorer.manifest.ReaderSpec.Head;
import io.rewardstream.scorer.manifest.ReaderSpec.MultiHead;
import io.rewardstream.scorer.manifest.ReaderSpec.TagTokenLogits;
import io.rewardstream.scorer.manifest.ReaderSpec.ValueHead;
import java.util.Map;

/** Makes the {@link StepRewardReader} a validated manifest asks for. */
final class StepRewardReaders {

  private StepRewardReaders() {}

  static StepRewardReader forManifest(ModelManifest manifest) {
    ReaderSpec spec = manifest.reader();
    Map<String, String> out = manifest.outputs();
    if (spec instanceof ClassifierAtStepToken c) {
      return new ClassifierReader(out.get("logits"), c.positiveIndex());
    }
    if (spec instanceof TagTokenLogits t) {
      return new TagTokenReader(out.get("logits"), t.plusTokenId(), t.minusTokenId());
    }
    if (spec instanceof ValueHead v) {
      return new ValueHeadReader(out.get("value"), v.sigmoid());
    }
    MultiHead m = (MultiHead) spec;
    return new MultiHeadReader(
        m.heads(), m.heads().stream().map(Head::output).map(out::get).toList());
  }
}
