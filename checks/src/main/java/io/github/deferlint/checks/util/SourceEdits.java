package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.util.FindIdentifiers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Source text for fixes that restructure code: fresh names, blocks wrapped one level deeper,
 * statements deleted with their lines.
 */
public final class SourceEdits {
  private SourceEdits() {}

  /** A name for a new variable that no code in or around {@code bodyPath} already means. */
  public static String freshName(TreePath bodyPath, VisitorState state) {
    return freshName(bodyPath, state, "it", "iteration");
  }

  /**
   * The first of {@code names}, or else the first of them numbered ({@code it2}, {@code it3}...),
   * that no code in or around {@code bodyPath} already means.
   */
  public static String freshName(TreePath bodyPath, VisitorState state, String... names) {
    Set<String> taken = new HashSet<>();
    FindIdentifiers.findAllIdents(state.withPath(bodyPath))
        .forEach(variable -> taken.add(variable.getSimpleName().toString()));
    for (TreePath current = bodyPath; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof LambdaExpressionTree lambda) {
        lambda.getParameters().forEach(p -> taken.add(p.getName().toString()));
      } else if (current.getLeaf() instanceof EnhancedForLoopTree loop) {
        taken.add(loop.getVariable().getName().toString());
      }
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        taken.add(identifier.getName().toString());
        return null;
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        taken.add(variable.getName().toString());
        return super.visitVariable(variable, null);
      }
    }.scan(bodyPath.getLeaf(), null);
    return Stream.concat(
            Stream.of(names), IntStream.iterate(2, n -> n + 1).mapToObj(n -> names[0] + n))
        .filter(name -> !taken.contains(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The block's source with its statements moved between {@code opening} and {@code closing}, one
   * level deeper, and {@code receivers} renamed to {@code parameter}: the block wrapped in a new
   * scope, and what it registered moved to it.
   */
  public static String wrapped(
      BlockTree body,
      String opening,
      String closing,
      List<IdentifierTree> receivers,
      String parameter,
      VisitorState state) {
    int start = getStartPosition(body);
    StringBuilder text =
        new StringBuilder(state.getSourceCode().subSequence(start, state.getEndPosition(body)));
    for (int i = receivers.size() - 1; i >= 0; i--) {
      IdentifierTree receiver = receivers.get(i);
      text.replace(
          getStartPosition(receiver) - start, state.getEndPosition(receiver) - start, parameter);
    }
    String inner = text.substring(1, text.length() - 1);
    String indent = closingBraceIndent(body, state);
    if (indent == null || !inner.contains("\n")) {
      return "{ " + opening + inner + closing + " }";
    }
    String[] lines = inner.substring(0, inner.lastIndexOf('\n') + 1).split("\n", -1);
    // A file indented with tabs gets one more tab a level, any other two spaces.
    String level =
        indent.startsWith("\t") || (lines.length > 1 && lines[1].startsWith("\t")) ? "\t" : "  ";
    // lines[0] is what follows the opening brace on its line, such as a comment: it stays there.
    StringBuilder result = new StringBuilder("{").append(lines[0]).append('\n');
    result.append(indent).append(level).append(opening);
    for (int i = 1; i < lines.length; i++) {
      result.append('\n');
      if (!lines[i].isBlank()) {
        result.append(level).append(lines[i]);
      }
    }
    return result
        .append(indent)
        .append(level)
        .append(closing)
        .append('\n')
        .append(indent)
        .append('}')
        .toString();
  }

  /**
   * The indentation of the line that the body's closing brace starts, or null if code precedes it.
   */
  private static @Nullable String closingBraceIndent(BlockTree body, VisitorState state) {
    CharSequence source = state.getSourceCode();
    int brace = state.getEndPosition(body) - 1;
    int lineStart = brace;
    while (lineStart > 0 && source.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    String indent = source.subSequence(lineStart, brace).toString();
    return indent.isBlank() ? indent : null;
  }

  /** Deletes {@code statement}, with its line when it stands alone on it. */
  public static SuggestedFix deleteStatement(Tree statement, VisitorState state) {
    CharSequence source = state.getSourceCode();
    int start = getStartPosition(statement);
    int end = state.getEndPosition(statement);
    while (start > 0 && isBlank(source.charAt(start - 1))) {
      start--;
    }
    while (end < source.length() && isBlank(source.charAt(end))) {
      end++;
    }
    boolean alone =
        (start == 0 || source.charAt(start - 1) == '\n')
            && end < source.length()
            && (source.charAt(end) == '\n' || source.charAt(end) == '\r');
    if (!alone) {
      return SuggestedFix.delete(statement);
    }
    int lineEnd = source.charAt(end) == '\r' && end + 1 < source.length() ? end + 2 : end + 1;
    return SuggestedFix.replace(start, lineEnd, "");
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
