package io.rewardstream.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/**
 * The app's layers: commands (picocli) on top; the demo, the runtime, HTTP and metrics below them;
 * the chain-arithmetic domain at the bottom, free of Kafka and ONNX Runtime. Only the commands
 * print to the console.
 */
class AppArchitectureTest {
  private static final JavaClasses APP =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.rewardstream.app");

  @Test
  void shouldKeepTheChainDomainFreeOfKafkaOnnxAndTheRestOfTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.rewardstream.app.chain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "ai.onnxruntime..",
            "io.rewardstream.topology..",
            "io.rewardstream.app.demo..",
            "io.rewardstream.app.commands..")
        .check(APP);
  }

  @Test
  void shouldUsePicocliOnlyInTheCommands() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.rewardstream.app.commands..")
        .and()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(APP);
  }

  @Test
  void shouldLeaveTheConsoleToTheCommands() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.rewardstream.app.commands..")
        .and()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .check(APP);
  }

  @Test
  void shouldNotDependOnTheCommandsFromBelow() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.rewardstream.app.commands..")
        .and()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.rewardstream.app.commands..")
        .check(APP);
  }
}
