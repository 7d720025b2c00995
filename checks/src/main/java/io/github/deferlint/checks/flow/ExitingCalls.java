package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.util.Context;
import io.github.deferlint.checks.model.JvmExits;
import io.github.deferlint.checks.model.JvmExits.Ending;
import io.github.deferlint.checks.util.OwnCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.block.ConditionalBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.block.SingleSuccessorBlock;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ThrowNode;

/**
 * The calls that end the JVM: the JDK's own ({@link JvmExits}), and a call of a method of a class
 * of the same file (around the call or not) every path of which ends it (Go's {@code log.Fatal}, a
 * library function that calls {@code os.Exit}), when the call runs that very method: a private,
 * static or final one, or one of a final class. Helpers are followed one level deep.
 */
public final class ExitingCalls {
  private static final Context.Key<Helpers> HELPERS = new Context.Key<>();

  /**
   * A call that ends the JVM.
   *
   * @param ending how it ends the JVM
   * @param helper the method of a class of the same file that ends it; empty for a call of the
   *     JDK's
   */
  public record Exit(Ending ending, Optional<MethodSymbol> helper) {}

  private ExitingCalls() {}

  /**
   * How {@code call} (at {@code callPath}), a call or a method reference ({@code scope.defer(
   * Main::fail)}), ends the JVM when it runs, if it always does.
   */
  public static Optional<Exit> of(ExpressionTree call, TreePath callPath, VisitorState state) {
    Helpers helpers = Helpers.of(callPath.getCompilationUnit(), state);
    if (!helpers.mayExit) {
      return Optional.empty(); // Most units never spell exit or halt: nothing in them exits.
    }
    Optional<Ending> direct = JvmExits.endingOf(call, state);
    if (direct.isPresent()) {
      return Optional.of(new Exit(direct.get(), Optional.empty()));
    }
    if (!(getSymbol(call) instanceof MethodSymbol method)
        || method.isConstructor()
        || method.enclClass().sourcefile != callPath.getCompilationUnit().getSourceFile()
        || !bindsStatically(method)) {
      // Most calls: a method of another file (String's, a library's), or of an array (clone()),
      // whose class is no class of any file.
      return Optional.empty();
    }
    TreePath owner = declaringClass(method, callPath, state);
    if (owner == null) {
      return Optional.empty();
    }
    // Many calls, few helpers: each helper's body is looked at once.
    Map<MethodSymbol, Optional<Ending>> endings = helpers.endings;
    Optional<Ending> ending = endings.get(method);
    if (ending == null) {
      ending = endingOfBody(method, owner, state);
      endings.put(method, ending);
    }
    return ending.map(how -> new Exit(how, Optional.of(method)));
  }

  /** How the body declared for {@code method} in the class at {@code owner} ends the JVM. */
  private static Optional<Ending> endingOfBody(
      MethodSymbol method, TreePath owner, VisitorState state) {
    TreePath declaration = null;
    for (Tree member : ((ClassTree) owner.getLeaf()).getMembers()) {
      if (member instanceof MethodTree declared && method.equals(getSymbol(declared))) {
        declaration = new TreePath(owner, member);
      }
    }
    if (declaration == null
        || ((MethodTree) declaration.getLeaf()).getBody() == null
        || !callsJvmExitInOwnCode(((MethodTree) declaration.getLeaf()).getBody(), state)) {
      return Optional.empty(); // Decided on the source, before the helper's graph is built.
    }
    ControlFlowGraph graph = ControlFlow.graph(declaration, state);
    return graph == null ? Optional.empty() : everyPathEnds(graph, state);
  }

  /**
   * How the helpers of the compilation unit being scanned end the JVM. Only a unit's own methods
   * are followed, so the answers are dropped when the unit changes, as {@link ControlFlow} drops
   * its graphs: what is kept is bounded by one unit, however long the compilation's context lives.
   * A unit whose text never spells {@code exit} or {@code halt} can neither exit nor hold a helper
   * that does: that is decided once per unit, before any symbol is looked at.
   */
  private static final class Helpers {
    private @Nullable CompilationUnitTree unit; // Null before the first unit.
    private boolean mayExit;
    private final Map<MethodSymbol, Optional<Ending>> endings = new HashMap<>();

    static Helpers of(CompilationUnitTree unit, VisitorState state) {
      Helpers helpers = state.context.get(HELPERS);
      if (helpers == null) {
        helpers = new Helpers();
        state.context.put(HELPERS, helpers);
      }
      if (helpers.unit != unit) {
        helpers.unit = unit;
        helpers.mayExit = JvmExits.mayBeCalledIn(unit);
        helpers.endings.clear();
      }
      return helpers;
    }
  }

  /**
   * How the body of {@code graph} ends the JVM when every path through it does: no path reaches the
   * end of the body, or a {@code throw} that leaves it, without passing a JDK exit call first. An
   * exception that a call before the exit may throw is no path here: {@code log(message);
   * System.exit(1);} ends the JVM, as Go's {@code log.Fatal} does after printing.
   */
  static Optional<Ending> everyPathEnds(ControlFlowGraph graph, VisitorState state) {
    Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Block> work = new ArrayDeque<>();
    work.push(graph.getEntryBlock());
    Ending ending = null;
    while (!work.isEmpty()) {
      Block block = work.pop();
      if (!seen.add(block)) {
        continue;
      }
      if (block == graph.getRegularExitBlock() || block == graph.getExceptionalExitBlock()) {
        return Optional.empty();
      }
      Optional<Ending> exit = firstExit(block, state);
      if (exit.isPresent()) {
        ending = ending == null ? exit.get() : ending.or(exit.get());
        continue; // Nothing after it runs.
      }
      List<Block> next = new ArrayList<>();
      if (block instanceof ConditionalBlock conditional) {
        next.add(conditional.getThenSuccessor());
        next.add(conditional.getElseSuccessor());
      } else if (block instanceof SingleSuccessorBlock single) {
        next.add(single.getSuccessor());
      }
      if (block instanceof ExceptionBlock thrower && thrower.getNode() instanceof ThrowNode) {
        thrower.getExceptionalSuccessors().values().forEach(next::addAll);
      }
      next.stream().filter(Objects::nonNull).forEach(work::push);
    }
    return Optional.ofNullable(ending);
  }

  private static Optional<Ending> firstExit(Block block, VisitorState state) {
    for (Node node : block.getNodes()) {
      if (node instanceof MethodInvocationNode invocation && invocation.getTree() != null) {
        Optional<Ending> ending = JvmExits.endingOf(invocation.getTree(), state);
        if (ending.isPresent()) {
          return ending;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean callsJvmExitInOwnCode(Tree body, VisitorState state) {
    boolean[] calls = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        calls[0] |= JvmExits.endingOf(call, state).isPresent();
        return calls[0] ? null : super.visitMethodInvocation(call, null);
      }
    }.scan(body, null);
    return calls[0];
  }

  /**
   * Whether a call of {@code method} runs the body declared for it, whatever the receiver's class:
   * it is private, static or final, or its class is final.
   */
  private static boolean bindsStatically(MethodSymbol method) {
    long flags =
        com.sun.tools.javac.code.Flags.PRIVATE
            | com.sun.tools.javac.code.Flags.STATIC
            | com.sun.tools.javac.code.Flags.FINAL;
    return (method.flags() & flags) != 0
        || (method.owner.flags() & com.sun.tools.javac.code.Flags.FINAL) != 0;
  }

  /**
   * The declaration of the class of {@code method}, declared in the file of {@code path}: a class
   * around the call, or any other of the file (a nested {@code Cli} class beside the one that calls
   * {@code Cli.fail(..)}); null for a local or anonymous class not around the call.
   */
  private static @Nullable TreePath declaringClass(
      MethodSymbol method, TreePath path, VisitorState state) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof ClassTree type && method.owner.equals(getSymbol(type))) {
        return current;
      }
    }
    TreePath declaration = JavacTrees.instance(state.context).getPath(method.enclClass());
    return declaration != null
            && declaration.getCompilationUnit() == path.getCompilationUnit()
            && declaration.getLeaf() instanceof ClassTree
        ? declaration
        : null;
  }
}
