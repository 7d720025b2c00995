package io.github.deferlint.cli;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An error of javac itself: the sources (or the classpath) are broken, which is not a finding.
 *
 * @param displayPath the file as reports show it, or null when javac named none
 * @param line 1-based, or 0 when javac gave no position
 * @param sourceLine the text of {@code line}, or null
 * @param message javac's message, possibly several lines
 * @param missingPackage for javac's "package a.b does not exist", {@code a.b}: the class path
 *     usually lacks a jar
 */
record CompileError(
    @Nullable String displayPath,
    int line,
    int column,
    String message,
    @Nullable String sourceLine,
    @Nullable String missingPackage) {

  /** An error that names no missing package. */
  CompileError(
      @Nullable String displayPath,
      int line,
      int column,
      String message,
      @Nullable String sourceLine) {
    this(displayPath, line, column, message, sourceLine, null);
  }
}
