package io.rewardstream.app.demo;

import io.rewardstream.app.chain.Chain;
import io.rewardstream.app.chain.ChainVocabulary;
import io.rewardstream.app.chain.Problem;
import java.util.List;

/**
 * One prompt of the demo and the candidates the synthetic policy will write for it, known in full
 * in advance: what a no-rejection run would generate is therefore known too.
 */
public record GroupPlan(String groupId, Problem problem, List<Chain> candidates) {

  public GroupPlan {
    candidates = List.copyOf(candidates);
  }

  /** The sequence id of candidate {@code i}. */
  public static String sequenceId(int i) {
    return String.format("c%02d", i);
  }

  /** The candidate index of a sequence id. */
  public static int candidateIndex(String sequenceId) {
    return Integer.parseInt(sequenceId.substring(1));
  }

  public int size() {
    return candidates.size();
  }

  /** The prompt's token ids (problem and prompt suffix), shared by every candidate. */
  public int[] promptTokens() {
    return ChainVocabulary.encode(candidates.get(0).promptText());
  }

  /** Candidate {@code i}'s response token ids: every step with its separator. */
  public int[] responseTokens(int i) {
    return ChainVocabulary.encode(candidates.get(i).responseText());
  }

  /** Response tokens of all candidates generated to the end. */
  public long tokensWithoutRejection() {
    long total = 0;
    for (Chain c : candidates) {
      total += c.responseText().length();
    }
    return total;
  }
}
