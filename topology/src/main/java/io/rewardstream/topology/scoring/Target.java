package io.rewardstream.topology.scoring;

/**
 * One reward a scoring job asks for, and where it goes back in the sequence's state.
 *
 * @param request index of the request in the job
 * @param position index of the position in that request
 * @param stepIndex the step the reward belongs to
 * @param responseEnd response offset the reward is read at
 * @param partial true for a tau checkpoint inside an open step
 * @param checkpoints number of tau checkpoints reached in the step (partial targets)
 * @param reachedAt produced_at of the chunk that brought the step to this point, or -1 if unknown
 */
public record Target(
    int request,
    int position,
    int stepIndex,
    int responseEnd,
    boolean partial,
    int checkpoints,
    long reachedAt) {}
