package io.github.deferlint.checks.util;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import java.util.ArrayList;
import java.util.List;

/** The parts of loop statements. */
public final class Loops {
  private Loops() {}

  /**
   * The parts of a loop statement that run on every iteration: the condition, the body, a {@code
   * for} loop's update and an enhanced {@code for}'s variable (assigned each time), not a {@code
   * for} loop's initializer nor an enhanced {@code for}'s iterated expression; empty for anything
   * else.
   */
  public static List<Tree> iteratedParts(Tree tree) {
    List<Tree> parts = new ArrayList<>();
    if (tree instanceof WhileLoopTree loop) {
      parts.add(loop.getCondition());
      parts.add(loop.getStatement());
    } else if (tree instanceof DoWhileLoopTree loop) {
      parts.add(loop.getStatement());
      parts.add(loop.getCondition());
    } else if (tree instanceof ForLoopTree loop) {
      if (loop.getCondition() != null) {
        parts.add(loop.getCondition());
      }
      parts.add(loop.getStatement());
      parts.addAll(loop.getUpdate());
    } else if (tree instanceof EnhancedForLoopTree loop) {
      parts.add(loop.getVariable());
      parts.add(loop.getStatement());
    }
    return parts;
  }
}
