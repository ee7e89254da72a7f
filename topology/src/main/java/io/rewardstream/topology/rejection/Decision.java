package io.rewardstream.topology.rejection;

import io.rewardstream.avro.RejectionRule;
import io.rewardstream.topology.state.Member;

/**
 * One early-rejection decision: which member, by which rule, and the standing that led to it.
 *
 * @param rank 1-based rank of the member among the siblings compared (1 = best)
 * @param siblingsAlive live siblings (this one included, not-yet-started ones too) at the decision
 * @param cutoff lowest kept score (rank and quantile rules) or the threshold
 * @param checkpoint the checkpoint ({@code Checkpoint}) the decision was taken at
 */
public record Decision(
    Member member,
    RejectionRule rule,
    int rank,
    int siblingsAlive,
    double cutoff,
    long checkpoint) {}
