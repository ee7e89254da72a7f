package io.rewardstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Loads the evolved test schemas from {@code src/test/resources/evolution}. */
final class Schemas {

  private Schemas() {}

  static Schema evolution(String name) {
    try (InputStream in = Schemas.class.getResourceAsStream("/evolution/" + name + ".avsc")) {
      if (in == null) {
        throw new IllegalArgumentException("No test schema " + name);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
