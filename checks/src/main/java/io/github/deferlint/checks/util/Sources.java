package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.Tree;

/** Where trees stand in the source, for messages that point the reader to a line. */
public final class Sources {
  private Sources() {}

  /** The 1-based line on which {@code tree} starts. */
  public static long lineOf(Tree tree, VisitorState state) {
    return state.getPath().getCompilationUnit().getLineMap().getLineNumber(getStartPosition(tree));
  }

  /**
   * Whether {@code inner} lies within {@code outer} in the source. By position, since a graph's
   * trees for {@code i++} are ones the dataflow builder made, not the ones in the source.
   */
  public static boolean contains(Tree outer, Tree inner, VisitorState state) {
    int position = getStartPosition(inner);
    return getStartPosition(outer) <= position && position < state.getEndPosition(outer);
  }

  /** The source text of {@code tree}, shortened to {@code max} characters for a message. */
  public static String shortSource(Tree tree, VisitorState state, int max) {
    String source = state.getSourceForNode(tree);
    if (source == null) {
      source = tree.toString();
    }
    source = source.replaceAll("\\s+", " ");
    return source.length() <= max ? source : source.substring(0, max - 3) + "...";
  }
}
