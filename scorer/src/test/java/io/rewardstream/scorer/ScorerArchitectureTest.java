package io.rewardstream.scorer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The scorer stays below the topology: it knows nothing of Kafka. */
class ScorerArchitectureTest {

  private static final JavaClasses SCORER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.rewardstream.scorer");

  @Test
  void shouldNeverDependOnKafka() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.confluent..")
        .check(SCORER);
  }

  @Test
  void shouldKeepTheApiFreeOfOnnxRuntimeAndTokenizerTypes() {
    noClasses()
        .that()
        .resideInAPackage("io.rewardstream.scorer")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.onnxruntime..", "ai.djl..")
        .check(SCORER);
  }
}
