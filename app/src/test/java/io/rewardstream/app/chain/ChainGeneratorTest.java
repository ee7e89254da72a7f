package io.rewardstream.app.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainGeneratorTest {
  private static final Pattern PROBLEM =
      Pattern.compile(
          "Start with (\\d+)\\. Then: ((?:add|subtract) \\d(?:, (?:add|subtract) \\d)*)\\.");
  private static final Pattern STEP = Pattern.compile("(\\d+) ([+-]) (\\d) = (\\d+)");

  @Test
  void shouldWriteProblemsAndStepsInTheChainArithmeticFormat() {
    for (Chain chain : new ChainGenerator(1, ChainDomain.DEFAULT).balanced(200)) {
      Matcher problem = PROBLEM.matcher(chain.problem().text());
      assertThat(problem.matches()).as(chain.problem().text()).isTrue();
      String[] ops = problem.group(2).split(", ");
      List<String> steps = chain.steps();
      assertThat(steps).hasSize(ops.length).hasSizeBetween(3, 8);
      String previous = problem.group(1);
      for (int i = 0; i < steps.size(); i++) {
        Matcher step = STEP.matcher(steps.get(i));
        assertThat(step.matches()).as(steps.get(i)).isTrue();
        assertThat(step.group(1))
            .as("step %d carries on from the previous result", i)
            .isEqualTo(previous);
        assertThat(ops[i])
            .isEqualTo((step.group(2).equals("+") ? "add " : "subtract ") + step.group(3));
        previous = step.group(4);
      }
    }
  }

  @Test
  void shouldLabelTheFirstWrongStepAndEveryLaterStepWrong() {
    for (Chain chain : new ChainGenerator(2, ChainDomain.DEFAULT).balanced(200)) {
      int firstWrong = -1;
      for (int i = 0; i < chain.steps().size(); i++) {
        Matcher step = STEP.matcher(chain.steps().get(i));
        step.matches();
        int x = Integer.parseInt(step.group(1));
        int d = Integer.parseInt(step.group(3));
        int y = Integer.parseInt(step.group(4));
        int truth = step.group(2).equals("+") ? x + d : x - d;
        if (y != truth && firstWrong < 0) {
          firstWrong = i;
        }
      }
      assertThat(chain.firstError()).isEqualTo(firstWrong);
      int[] labels = chain.stepLabels();
      for (int i = 0; i < labels.length; i++) {
        assertThat(labels[i]).isEqualTo(firstWrong < 0 || i < firstWrong ? 1 : 0);
      }
    }
  }

  @Test
  void shouldKeepTrueAndDisplayedValuesInTheDomain() {
    ChainDomain narrow = new ChainDomain(0, 49, 3, 8);
    for (Chain chain : new ChainGenerator(3, narrow).balanced(300)) {
      assertThat(chain.problem().start()).isBetween(0, 49);
      assertThat(chain.problem().values()).allSatisfy(v -> assertThat(v).isBetween(0, 49));
      assertThat(chain.results()).allSatisfy(v -> assertThat(v).isBetween(0, 49));
    }
  }

  @Test
  void shouldOffsetAWrongStepByOneToThreeOrByTen() {
    for (Chain chain : new ChainGenerator(4, ChainDomain.DEFAULT).balanced(300)) {
      if (chain.firstError() < 0) {
        assertThat(chain.answerCorrect()).isTrue();
        continue;
      }
      int e = chain.firstError();
      int offset = chain.results().get(e) - chain.problem().values().get(e);
      assertThat(offset).isIn(-10, -3, -2, -1, 1, 2, 3, 10);
      for (int i = e; i < chain.results().size(); i++) {
        assertThat(chain.results().get(i) - chain.problem().values().get(i)).isEqualTo(offset);
      }
      assertThat(chain.answerCorrect()).isFalse();
    }
  }

  @Test
  void shouldAlternateErroneousAndCorrectChainsHalfAndHalf() {
    List<Chain> chains = new ChainGenerator(5, ChainDomain.DEFAULT).balanced(100);

    assertThat(chains.stream().filter(c -> c.firstError() >= 0)).hasSize(50);
    assertThat(chains.get(0).firstError()).isNotNegative();
    assertThat(chains.get(1).firstError()).isEqualTo(-1);
  }

  @Test
  void shouldDrawTheSameChainsFromTheSameSeed() {
    List<String> a =
        new ChainGenerator(9, ChainDomain.DEFAULT)
            .balanced(20).stream().map(Chain::responseText).toList();
    List<String> b =
        new ChainGenerator(9, ChainDomain.DEFAULT)
            .balanced(20).stream().map(Chain::responseText).toList();

    assertThat(a).isEqualTo(b);
  }

  @Test
  void shouldCarryAttemptsOnFromWrongValues() {
    ChainGenerator generator = new ChainGenerator(6, ChainDomain.DEFAULT);
    Problem problem = generator.problem(8);
    for (int i = 0; i < 100; i++) {
      Chain attempt = generator.attempt(problem, 0.3);
      Matcher first = STEP.matcher(attempt.steps().get(0));
      first.matches();
      assertThat(Integer.parseInt(first.group(1))).isEqualTo(problem.start());
      assertThat(attempt.results()).allSatisfy(v -> assertThat(v).isBetween(0, 99));
      assertThat(attempt.answerCorrect()).isEqualTo(attempt.answer() == problem.answer());
    }
    assertThat(generator.attempt(problem, 0).firstError()).isEqualTo(-1);
  }

  @Test
  void shouldRenderPromptAndResponseAsTheModelReadsThem() {
    Problem problem =
        new Problem(
            75,
            List.of(new Problem.Step(Operation.SUBTRACT, 9), new Problem.Step(Operation.ADD, 5)),
            List.of(66, 71));
    Chain chain = problem.solved();

    assertThat(chain.promptText()).isEqualTo("Start with 75. Then: subtract 9, add 5.\n");
    assertThat(chain.responseText()).isEqualTo("75 - 9 = 66\n66 + 5 = 71\n");
  }

  @Test
  void shouldWriteProcessBenchRecordsWithIdProblemStepsAndLabel() throws Exception {
    Chain chain = new ChainGenerator(7, ChainDomain.DEFAULT).chain(true);

    JsonNode json =
        new ObjectMapper()
            .readTree(new ObjectMapper().writeValueAsString(chain.toProcessBench("d-1")));

    assertThat(json.fieldNames()).toIterable().containsExactly("id", "problem", "steps", "label");
    assertThat(json.get("id").asText()).isEqualTo("d-1");
    assertThat(json.get("problem").asText()).isEqualTo(chain.problem().text());
    assertThat(json.get("steps")).hasSize(chain.steps().size());
    assertThat(json.get("label").asInt()).isEqualTo(chain.firstError());
  }

  @Test
  void shouldReadTheValueRangeFromTheModelManifest(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("model.json"), "{\"domain\": {\"value_min\": 0, \"value_max\": 49}}");

    assertThat(ChainDomain.ofModel(dir)).isEqualTo(new ChainDomain(0, 49, 3, 8));
    Files.writeString(
        dir.resolve("model.json"),
        "{\"domain\": {\"value_min\": 0, \"value_max\": 99, \"min_ops\": 3, \"max_ops\": 6}}");
    assertThat(ChainDomain.ofModel(dir)).isEqualTo(new ChainDomain(0, 99, 3, 6));
    assertThat(ChainDomain.ofModel(dir.resolve("missing"))).isEqualTo(ChainDomain.DEFAULT);
  }

  @Test
  void shouldRefuseARangeTooNarrowForTheOperands() {
    assertThatThrownBy(() -> new ChainDomain(0, 10, 3, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too narrow");
  }
}
