package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.topology.errors.BadInputException;
import io.rewardstream.topology.errors.BadInputException.Reason;
import java.util.List;

/**
 * The checks a chunk must pass on its own, before any state is read: ids present and matching the
 * key, a sane chunk index, a bounded chunk and policy version, token ids inside the model's
 * vocabulary.
 */
final class ChunkValidator {
  /**
   * Longest policy_version accepted, in characters: it keys the metrics topic, labels the metrics,
   * and the statistics' binary layout writes it in modified UTF-8, which stops at 65,535 bytes.
   */
  static final int MAX_POLICY_VERSION_CHARS = 1024;

  private final int vocabSize;
  private final int maxTokens;
  private final int maxTextChars;
  private final int maxPromptTokens;

  ChunkValidator(int vocabSize, int maxTokens, int maxTextChars, int maxPromptTokens) {
    this.vocabSize = vocabSize;
    this.maxTokens = maxTokens;
    this.maxTextChars = maxTextChars;
    this.maxPromptTokens = maxPromptTokens;
  }

  void validate(String key, GenerationChunk chunk) {
    if (chunk == null) {
      throw new BadInputException(Reason.EMPTY_ID, "record has no value");
    }
    String group = chunk.getGroupId();
    String sequence = chunk.getSequenceId();
    if (group == null || group.isBlank()) {
      throw new BadInputException(Reason.EMPTY_ID, "group_id is empty");
    }
    if (sequence == null || sequence.isBlank()) {
      throw new BadInputException(Reason.EMPTY_ID, "sequence_id is empty in group " + group);
    }
    if (key == null) {
      // The producer's partitioner spreads keyless records over the partitions: the group's
      // chunks would meet in no one task.
      throw new BadInputException(
          Reason.KEY_MISMATCH,
          "record has no key; key records by group_id ('" + group + "') to keep a group together");
    }
    if (!key.equals(group)) {
      throw new BadInputException(
          Reason.KEY_MISMATCH,
          "record key '"
              + key
              + "' differs from group_id '"
              + group
              + "'; key records by group_id");
    }
    if (chunk.getChunkIndex() < 0) {
      throw new BadInputException(
          Reason.BAD_CHUNK_INDEX,
          "chunk_index " + chunk.getChunkIndex() + " is negative for " + group + "/" + sequence);
    }
    List<Integer> tokens = chunk.getTokenIds();
    if (tokens.size() > maxTokens) {
      throw new BadInputException(
          Reason.CHUNK_TOO_LARGE,
          "chunk "
              + chunk.getChunkIndex()
              + " of "
              + group
              + "/"
              + sequence
              + " has "
              + tokens.size()
              + " tokens, chunk.max-tokens is "
              + maxTokens);
    }
    String where = "chunk " + chunk.getChunkIndex() + " of " + group + "/" + sequence;
    String text = chunk.getText();
    if (text != null && text.length() > maxTextChars) {
      throw new BadInputException(
          Reason.CHUNK_TOO_LARGE,
          where
              + " has "
              + text.length()
              + " characters of text, chunk.max-text-chars is "
              + maxTextChars);
    }
    if (chunk.getPrompt() != null
        && chunk.getPrompt().getTokenIds() != null
        && chunk.getPrompt().getTokenIds().size() > maxPromptTokens) {
      throw new BadInputException(
          Reason.CHUNK_TOO_LARGE,
          where
              + " has a prompt of "
              + chunk.getPrompt().getTokenIds().size()
              + " tokens, chunk.max-prompt-tokens is "
              + maxPromptTokens);
    }
    String policy = chunk.getPolicyVersion();
    if (policy != null && policy.length() > MAX_POLICY_VERSION_CHARS) {
      throw new BadInputException(
          Reason.POLICY_VERSION_TOO_LONG,
          "policy_version of "
              + where
              + " has "
              + policy.length()
              + " characters, at most "
              + MAX_POLICY_VERSION_CHARS
              + " are accepted");
    }
    checkVocabulary(tokens, "token_ids", where);
    if (chunk.getPrompt() != null && chunk.getPrompt().getTokenIds() != null) {
      checkVocabulary(chunk.getPrompt().getTokenIds(), "prompt.token_ids", where);
    }
  }

  private void checkVocabulary(List<Integer> ids, String field, String where) {
    for (int i = 0; i < ids.size(); i++) {
      int id = ids.get(i);
      if (id < 0 || id >= vocabSize) {
        throw new BadInputException(
            Reason.TOKEN_OUT_OF_VOCABULARY,
            field
                + "["
                + i
                + "] = "
                + id
                + " in "
                + where
                + " is outside the model's vocabulary [0, "
                + vocabSize
                + ")");
      }
    }
  }
}
