package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.tools.javac.tree.JCTree;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where trees stand in the source and what they spell, for messages that point the reader to a line
 * and for tests decided on the tree alone.
 */
public final class Sources {
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9a-fA-F]{4})");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Sources() {}

  /** The 1-based line on which {@code tree} starts. */
  public static long lineOf(Tree tree, VisitorState state) {
    return state.getPath().getCompilationUnit().getLineMap().getLineNumber(getStartPosition(tree));
  }

  /**
   * The line of {@code tree} where javac reports it: of a member selected, the line of its {@code
   * .} ({@code .toUpperCase()} after a call written over several lines); else where it starts.
   */
  public static long reportedLineOf(Tree tree, VisitorState state) {
    int position = tree instanceof MemberSelectTree ? ((JCTree) tree).pos : getStartPosition(tree);
    return state.getPath().getCompilationUnit().getLineMap().getLineNumber(position);
  }

  /**
   * Whether {@code inner} lies within {@code outer} in the source. By position, since a graph's
   * trees for {@code i++} are ones the dataflow builder made, not the ones in the source.
   */
  public static boolean contains(Tree outer, Tree inner, VisitorState state) {
    int position = getStartPosition(inner);
    return getStartPosition(outer) <= position && position < state.getEndPosition(outer);
  }

  /**
   * The name of the method {@code call} is written to call ({@code defer} in {@code
   * scope.defer(a)}), read off the tree: the cheap test before any symbol is resolved.
   */
  public static String calledName(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    return select instanceof MemberSelectTree member
        ? member.getIdentifier().toString()
        : select instanceof IdentifierTree identifier ? identifier.getName().toString() : "";
  }

  /** Whether {@code tree} is the literal {@code null}, in parentheses or a cast or not. */
  public static boolean isNullLiteral(ExpressionTree tree) {
    ExpressionTree value = stripParentheses(tree);
    while (value instanceof TypeCastTree cast) {
      value = stripParentheses(cast.getExpression());
    }
    return value.getKind() == Tree.Kind.NULL_LITERAL;
  }

  /** The source text of {@code tree}, shortened to {@code max} characters for a message. */
  public static String shortSource(Tree tree, VisitorState state, int max) {
    String source = state.getSourceForNode(tree);
    if (source == null) {
      source = tree.toString();
    }
    source = WHITESPACE.matcher(source).replaceAll(" ");
    return source.length() <= max ? source : source.substring(0, max - 3) + "...";
  }

  /**
   * Whether the source of {@code unit} may name any of {@code words}: it spells one of them, or
   * writes a Unicode escape of a letter of one, which could spell it, or cannot be read. False
   * means that no identifier in it is one of them, decided on the text javac keeps, before any tree
   * is looked at.
   */
  public static boolean mayName(CompilationUnitTree unit, String... words) {
    String text;
    try {
      text = unit.getSourceFile().getCharContent(false).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return true;
    }
    for (String word : words) {
      if (text.contains(word)) {
        return true;
      }
    }
    // '\u0000' and the like are common; an escaped letter of a word is what could hide it.
    return text.contains("\\u") && escapesLetterOf(text, words);
  }

  private static boolean escapesLetterOf(String text, String... words) {
    Matcher escape = UNICODE_ESCAPE.matcher(text);
    while (escape.find()) {
      char letter = (char) Integer.parseInt(escape.group(1), 16);
      for (String word : words) {
        if (word.indexOf(letter) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code a} and {@code b} are written the same, whitespace aside. */
  public static boolean sameSource(Tree a, Tree b, VisitorState state) {
    String first = state.getSourceForNode(a);
    String second = state.getSourceForNode(b);
    return first != null
        && second != null
        && first.replaceAll("\\s+", "").equals(second.replaceAll("\\s+", ""));
  }
}
