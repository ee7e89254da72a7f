package io.rewardstream.scorer.onnx;

import io.rewardstream.scorer.InvalidScoreRequestException;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.manifest.ModelManifest.Truncation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks score requests against the model and turns them into {@link Row}s: token ids inside the
 * vocabulary, positions strictly increasing inside the sequence, and, for readers that read at a
 * step token, a step token just before every position. A partial step (last position at the end
 * with no step token there) gets the step token appended, so it is read as if it had just been
 * closed. Sequences past {@code max_context} are rejected or truncated per the manifest.
 */
final class RequestPreparer {

  private final int vocabSize;
  private final int readToken;
  private final int maxContext;
  private final Truncation truncation;
  private final HeadAndTailTruncation truncator;

  RequestPreparer(ModelManifest manifest) {
    this.vocabSize = manifest.vocabSize();
    this.readToken = manifest.readTokenId();
    this.maxContext = manifest.maxContext();
    this.truncation = manifest.truncation();
    this.truncator =
        new HeadAndTailTruncation(manifest.maxContext(), manifest.truncationHeadTokens());
  }

  /** The rows of every request, in request order. */
  List<Row> prepare(List<ScoreRequest> requests) {
    List<Row> rows = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      ScoreRequest request = requests.get(i);
      int first = rows.size();
      prepare(i, request, rows);
      if (request.cacheKey() != null) {
        for (int r = first; r < rows.size(); r++) {
          rows.set(r, rows.get(r).withKey(request.cacheKey()));
        }
      }
    }
    return rows;
  }

  private void prepare(int index, ScoreRequest request, List<Row> rows) {
    int[] tokens = request.tokenIds();
    int[] positions = request.positions();
    if (positions.length == 0) {
      return;
    }
    checkTokens(index, tokens);
    int[] read = new int[positions.length];
    int previous = 0;
    for (int k = 0; k < positions.length; k++) {
      int p = positions[k];
      if (p <= previous || p > tokens.length) {
        throw new InvalidScoreRequestException(
            index,
            String.format(
                "position %d (#%d) must be above %d and at most the sequence length %d",
                p, k, previous, tokens.length));
      }
      previous = p;
      read[k] = p - 1;
    }
    int[] fed = tokens;
    if (readToken >= 0) {
      for (int k = 0; k < positions.length; k++) {
        int p = positions[k];
        if (tokens[p - 1] == readToken) {
          continue;
        }
        if (k == positions.length - 1 && p == tokens.length) {
          fed = Arrays.copyOf(tokens, tokens.length + 1);
          fed[tokens.length] = readToken;
          read[k] = tokens.length;
        } else {
          throw new InvalidScoreRequestException(
              index,
              String.format(
                  "position %d (#%d) does not end at a step token: expected token %d at offset"
                      + " %d, found %d",
                  p, k, readToken, p - 1, tokens[p - 1]));
        }
      }
    }
    if (fed.length <= maxContext) {
      rows.add(new Row(index, fed, read, identity(read.length)));
    } else if (truncation == Truncation.REJECT) {
      throw new InvalidScoreRequestException(
          index,
          String.format(
              "%d tokens exceed max_context %d (truncation: reject)", fed.length, maxContext));
    } else {
      truncator.split(index, fed, read, rows);
    }
  }

  private void checkTokens(int index, int[] tokens) {
    for (int j = 0; j < tokens.length; j++) {
      if (tokens[j] < 0 || tokens[j] >= vocabSize) {
        throw new InvalidScoreRequestException(
            index,
            String.format(
                "token id %d at position %d is outside the vocabulary [0, %d)",
                tokens[j], j, vocabSize));
      }
    }
  }

  static int[] identity(int n) {
    int[] slots = new int[n];
    Arrays.setAll(slots, k -> k);
    return slots;
  }
}
