package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.util.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the private methods of a top-level class are called or referenced: all of them, since
 * nothing outside the class can call them. Found in one scan of the class, and kept while the
 * checks are in it (Error Prone checks one top-level class after another), so that asking for each
 * helper does not scan the class again.
 */
public final class PrivateCallSites {
  private static final Context.Key<PrivateCallSites> KEY = new Context.Key<>();

  private @Nullable Tree topLevel; // The class the sites are of; null before the first.
  private Map<Symbol, List<TreePath>> sites = Map.of();

  private PrivateCallSites() {}

  /**
   * The calls and method references of {@code method}, a private method of the top-level class
   * around {@code inside}, in source order.
   */
  public static List<TreePath> of(MethodSymbol method, TreePath inside, VisitorState state) {
    PrivateCallSites known = state.context.get(KEY);
    if (known == null) {
      known = new PrivateCallSites();
      state.context.put(KEY, known);
    }
    TreePath topLevel = topLevelClass(inside);
    if (known.topLevel != topLevel.getLeaf()) {
      known.sites = scan(topLevel);
      known.topLevel = topLevel.getLeaf();
    }
    return known.sites.getOrDefault(method, List.of());
  }

  private static TreePath topLevelClass(TreePath inside) {
    TreePath topLevel = inside;
    while (topLevel.getParentPath() != null
        && !(topLevel.getParentPath().getLeaf() instanceof CompilationUnitTree)) {
      topLevel = topLevel.getParentPath();
    }
    return topLevel;
  }

  private static Map<Symbol, List<TreePath>> scan(TreePath topLevel) {
    Map<Symbol, List<TreePath>> sites = new HashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        add(getSymbol(call));
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        add(getSymbol(reference));
        return super.visitMemberReference(reference, null);
      }

      private void add(Symbol method) {
        if (method != null && (method.flags() & Flags.PRIVATE) != 0) {
          sites.computeIfAbsent(method, unused -> new ArrayList<>()).add(getCurrentPath());
        }
      }
    }.scan(topLevel, null);
    return sites;
  }
}
