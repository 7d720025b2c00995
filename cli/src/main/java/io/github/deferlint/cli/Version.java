package io.github.deferlint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the runner and of the Error Prone it runs, as the build recorded them. */
final class Version {
  static final String RUNNER;
  static final String ERROR_PRONE;

  static {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RUNNER = properties.getProperty("version");
    ERROR_PRONE = properties.getProperty("errorprone");
  }

  private Version() {}
}
