package io.github.deferlint.cli;

import java.io.Console;

/** Whether standard error is a terminal: progress lines are for someone watching, not for logs. */
final class Terminal {
  /** Set by {@code ./deferlint}, which asks the shell; the JVM cannot look at stderr alone. */
  static final String PROPERTY = "deferlint.stderr.terminal";

  private Terminal() {}

  // The null test is for JDK 21; on 22 and newer isTerminal() is asked below, by reflection.
  @SuppressWarnings("SystemConsoleNull")
  static boolean stderr() {
    String told = System.getProperty(PROPERTY);
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    // The JVM's console needs a terminal on stdin and stdout: the nearest it can tell.
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Since Java 22 there is a console without a terminal too; isTerminal() tells them apart.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
