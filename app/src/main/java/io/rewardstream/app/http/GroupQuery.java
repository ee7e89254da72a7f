package io.rewardstream.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.RewardTopology;
import io.rewardstream.topology.state.Checkpoint;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import io.rewardstream.topology.state.WriteBehindStore;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Interactive query of the topology's {@code groups} store: a live group's declared size, its
 * members' standing (checkpoint reached, latest score, status) and the last rejection decision.
 * Groups leave the store once their GroupReward is emitted; their outcome is on the group-rewards
 * topic then.
 */
public final class GroupQuery implements HttpEndpoint.GroupLookup {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Function<String, GroupState> store;

  GroupQuery(Function<String, GroupState> store) {
    this.store = store;
  }

  /** Queries the local {@code groups} store of {@code streams}. */
  public static GroupQuery of(KafkaStreams streams) {
    return new GroupQuery(
        groupId -> {
          Function<String, GroupState> groups;
          try {
            groups =
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        RewardTopology.GROUP_STORE, WriteBehindStore.<GroupState>queryableType()));
          } catch (InvalidStateStoreException e) {
            throw new IllegalStateException(
                "the groups store cannot be queried while the application is "
                    + streams.state()
                    + ": "
                    + e.getMessage());
          }
          return groups.apply(groupId);
        });
  }

  @Override
  public Optional<String> apply(String groupId) {
    GroupState group = store.apply(groupId);
    return Optional.ofNullable(group).map(GroupQuery::toJson);
  }

  static String toJson(GroupState g) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("group_id", g.groupId());
    json.put("group_size", g.groupSize());
    json.put("policy_version", g.policyVersion());
    json.put("created_at", Instant.ofEpochMilli(g.createdWallMs()).toString());
    // An ended group is the marker kept after its GroupReward (members are in that reward).
    json.put("ended_at", g.ended() ? Instant.ofEpochMilli(g.endedWallMs()).toString() : null);
    json.put("members_seen", g.members().size());
    json.put("members_live", g.live().size());
    json.put("members_not_started", g.notStarted());
    json.put("last_decision", Checkpoint.describe(g.lastDecision()));
    ArrayNode members = json.putArray("members");
    for (Member m : g.members()) {
      ObjectNode member = members.addObject();
      member.put("sequence_id", m.sequenceId());
      member.put("status", m.status().name().toLowerCase(Locale.ROOT));
      member.put("checkpoint", Checkpoint.describe(m.checkpoint()));
      number(member, "score", m.score());
      member.put("tokens", m.tokens());
      member.put(
          "end_status", m.endStatus() < 0 ? null : SequenceStatus.values()[m.endStatus()].name());
      number(member, "final_reward", m.finalReward());
    }
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
