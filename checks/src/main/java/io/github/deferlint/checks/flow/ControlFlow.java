package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.util.Context;
import io.github.deferlint.checks.util.OwnCode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGBuilder;

/**
 * Control-flow graphs of methods, lambdas and initializers, built with the Checker Framework
 * dataflow that Error Prone bundles, once per body and compilation unit however many checks and
 * nodes ask. Analyses run on a graph are cached beside it.
 */
public final class ControlFlow {
  private static final Context.Key<ControlFlow> KEY = new Context.Key<>();

  private @Nullable CompilationUnitTree unit; // The unit the caches are of; null before the first.
  // A null graph is kept too: the body has none.
  private final IdentityHashMap<Tree, ControlFlowGraph> graphs = new IdentityHashMap<>();
  private final IdentityHashMap<ControlFlowGraph, Map<Object, Object>> analyses =
      new IdentityHashMap<>();

  private ControlFlow() {}

  /** The cache of this compilation, emptied whenever the compilation unit changes. */
  private static ControlFlow of(VisitorState state) {
    Context context = state.context;
    ControlFlow instance = context.get(KEY);
    if (instance == null) {
      instance = new ControlFlow();
      context.put(KEY, instance);
    }
    CompilationUnitTree unit = state.getPath().getCompilationUnit();
    if (instance.unit != unit) {
      instance.unit = unit;
      instance.graphs.clear();
      instance.analyses.clear();
    }
    return instance;
  }

  /**
   * The innermost method, lambda, initializer block or field initializer whose own code (not a
   * nested lambda's or class's) contains the leaf of {@code path}, or null outside of any.
   */
  public static @Nullable TreePath enclosingBody(TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        return current;
      }
      TreePath parent = current.getParentPath();
      if (parent != null && parent.getLeaf() instanceof ClassTree) {
        boolean initializer =
            leaf instanceof BlockTree
                || (leaf instanceof VariableTree variable && variable.getInitializer() != null);
        return initializer ? current : null;
      }
    }
    return null;
  }

  /**
   * The initializer of {@code local}, declared in the body around {@code path} ({@link
   * #enclosingBody}); null if none.
   */
  public static @Nullable ExpressionTree localInitializer(Symbol local, TreePath path) {
    TreePath body = enclosingBody(path);
    if (body == null) {
      return null;
    }
    ExpressionTree[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (getSymbol(variable) == local) {
          found[0] = variable.getInitializer();
        }
        return super.visitVariable(variable, null);
      }
    }.scan(body.getLeaf(), null);
    return found[0];
  }

  /**
   * The graph of the body at {@code bodyPath} (as returned by {@link #enclosingBody}), or null: for
   * a method without a body, and for a body the graph builder would never finish ({@link
   * #spinsInPlace}).
   */
  public static @Nullable ControlFlowGraph graph(TreePath bodyPath, VisitorState state) {
    Tree body = bodyPath.getLeaf();
    if (body instanceof MethodTree method && method.getBody() == null) {
      return null;
    }
    IdentityHashMap<Tree, ControlFlowGraph> graphs = of(state).graphs;
    if (graphs.containsKey(body)) {
      return graphs.get(body);
    }
    ControlFlowGraph graph = spinsInPlace(code(bodyPath).getLeaf()) ? null : build(bodyPath, state);
    graphs.put(body, graph);
    return graph;
  }

  /** Whether the graph of {@code body} was asked for in this compilation unit: for tests. */
  static boolean wasAskedFor(Tree body, VisitorState state) {
    return of(state).graphs.containsKey(body);
  }

  /**
   * Whether {@code code} has a {@code while} loop whose condition is a constant {@code true} and
   * whose body does nothing ({@code while (true) {}}, {@code while (true);}): the graph builder of
   * the dataflow that Error Prone bundles (3.41.0-eisop1) merges the loop's block into itself
   * forever on such a loop, which would hang the compilation (Checker Framework issue 6433, fixed
   * in later releases). A constant field as the condition, which does not hang it, is left out too:
   * the body simply goes without a graph.
   */
  static boolean spinsInPlace(Tree code) {
    boolean[] spins = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitWhileLoop(WhileLoopTree loop, Void unused) {
        spins[0] |=
            Boolean.TRUE.equals(constValue(loop.getCondition()))
                && doesNothing(loop.getStatement());
        return spins[0] ? null : super.visitWhileLoop(loop, null);
      }
    }.scan(code, null);
    return spins[0];
  }

  /**
   * Whether javac takes for reachable some code of {@code code} that cannot run, and that the graph
   * leaves out: after a call of a method annotated {@code @TerminatesExecution} ({@link
   * #terminatesExecution}); after a loop whose condition has a constant part ({@code while (flag ||
   * true) {}}), which the graph builder may take for endless; in and after a {@code catch} whose
   * {@code try} cannot throw ({@link #mayThrow}). The shortcuts that answer a graph's question on
   * the source do not answer in such code. (A {@code catch} reached only by what the graph has no
   * edge for, such as a switch on a null string, can run: there the source is right.)
   */
  static boolean hasCodeThatCannotRun(Tree code) {
    boolean[] leavesOut = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        return leavesOut[0] ? null : super.scan(tree, null);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        leavesOut[0] |= terminatesExecution(call);
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree loop, Void unused) {
        leavesOut[0] |= hasConstantPart(loop.getCondition());
        return super.visitWhileLoop(loop, null);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree loop, Void unused) {
        leavesOut[0] |= hasConstantPart(loop.getCondition());
        return super.visitDoWhileLoop(loop, null);
      }

      @Override
      public Void visitForLoop(ForLoopTree loop, Void unused) {
        leavesOut[0] |= loop.getCondition() != null && hasConstantPart(loop.getCondition());
        return super.visitForLoop(loop, null);
      }

      @Override
      public Void visitTry(TryTree statement, Void unused) {
        leavesOut[0] |= !statement.getCatches().isEmpty() && !mayThrow(statement);
        return super.visitTry(statement, null);
      }
    }.scan(code, null);
    return leavesOut[0];
  }

  /**
   * Whether {@code call} is of a method annotated with the Checker Framework's
   * {@code @TerminatesExecution}: the graph builder gives it no normal successor.
   */
  static boolean terminatesExecution(MethodInvocationTree call) {
    Symbol method = getSymbol(call);
    return method != null
        && method.getAnnotationMirrors().stream()
            .anyMatch(
                annotation ->
                    ((TypeElement) annotation.getAnnotationType().asElement())
                        .getQualifiedName()
                        .contentEquals("org.checkerframework.dataflow.qual.TerminatesExecution"));
  }

  /**
   * Whether a part of {@code condition}, or all of it, is a constant {@code true} or {@code false}.
   */
  private static boolean hasConstantPart(ExpressionTree condition) {
    boolean[] constant = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (constant[0] || tree == null) {
          return null;
        }
        constant[0] = constValue(tree) instanceof Boolean;
        return super.scan(tree, null);
      }
    }.scan(condition, null);
    return constant[0];
  }

  /**
   * Whether the try block or the resources of {@code statement} may throw: they call, create, throw
   * or assert something, which the graph gives an exceptional edge, or they switch on a reference
   * (null), lock one (null), or concatenate an object to a string (its {@code toString()}), which
   * the graph gives none. Field reads, array stores, division and unboxing are left to the graph,
   * which gives them edges of their own. What a nested {@code try} with a {@code catch} runs in its
   * own block is left out: that catch may take all of it.
   */
  private static boolean mayThrow(TryTree statement) {
    boolean[] throwing = {false};
    OwnCode.Scanner<Void, Void> scanner =
        new OwnCode.Scanner<>() {
          @Override
          public Void scan(Tree tree, Void unused) {
            throwing[0] |=
                tree instanceof MethodInvocationTree
                    || tree instanceof NewClassTree
                    || (tree instanceof NewArrayTree array && !array.getDimensions().isEmpty())
                    || tree instanceof ThrowTree
                    || tree instanceof AssertTree
                    || throwsWithoutAnEdge(tree);
            return throwing[0] ? null : super.scan(tree, null);
          }

          @Override
          public Void visitTry(TryTree nested, Void unused) {
            if (nested.getCatches().isEmpty()) {
              return super.visitTry(nested, null);
            }
            scan(nested.getCatches(), null);
            return scan(nested.getFinallyBlock(), null);
          }
        };
    scanner.scan(statement.getResources(), null);
    scanner.scan(statement.getBlock(), null);
    return throwing[0];
  }

  /** A switch on a reference, a lock, or a string concatenation that calls {@code toString()}. */
  private static boolean throwsWithoutAnEdge(@Nullable Tree tree) {
    if (tree == null) {
      return false;
    }
    if (tree instanceof SwitchTree statement) {
      return isReference(statement.getExpression());
    }
    if (tree instanceof SwitchExpressionTree expression) {
      return isReference(expression.getExpression());
    }
    if (tree instanceof SynchronizedTree locked) {
      ExpressionTree lock = stripParentheses(locked.getExpression());
      boolean neverNull =
          (lock instanceof IdentifierTree self && self.getName().contentEquals("this"))
              || (lock instanceof MemberSelectTree select
                  && select.getIdentifier().contentEquals("class"));
      return !neverNull;
    }
    if (tree.getKind() == Tree.Kind.PLUS || tree.getKind() == Tree.Kind.PLUS_ASSIGNMENT) {
      Type result = getType(tree);
      List<? extends ExpressionTree> operands =
          tree instanceof BinaryTree binary
              ? List.of(binary.getLeftOperand(), binary.getRightOperand())
              : List.of(((CompoundAssignmentTree) tree).getExpression());
      return result != null
          && result.tsym.getQualifiedName().contentEquals("java.lang.String")
          && operands.stream().anyMatch(ControlFlow::mayFailToString);
    }
    return false;
  }

  private static boolean isReference(ExpressionTree tree) {
    Type type = getType(tree);
    return type != null && !type.isPrimitive();
  }

  /** Whether {@code operand}'s {@code toString()} may throw: an object not a string or a box. */
  private static boolean mayFailToString(ExpressionTree operand) {
    Type type = getType(operand);
    return type != null
        && !type.isPrimitive()
        && !type.tsym
            .getQualifiedName()
            .toString()
            .matches(
                "java\\.lang\\.(String|Boolean|Byte|Character|Short|Integer|Long|Float|Double)");
  }

  private static boolean doesNothing(StatementTree statement) {
    if (statement instanceof BlockTree block) {
      return block.getStatements().stream().allMatch(ControlFlow::doesNothing);
    }
    if (statement instanceof LabeledStatementTree labeled) {
      return doesNothing(labeled.getStatement());
    }
    return statement instanceof EmptyStatementTree;
  }

  /**
   * The result of {@code analysis} on {@code graph}, computed once per graph and key: checks that
   * ask the same question of the same body share the answer.
   */
  @SuppressWarnings("unchecked") // Each key is used with one result type.
  public static <R> R analyze(
      ControlFlowGraph graph,
      Object key,
      Function<ControlFlowGraph, R> analysis,
      VisitorState state) {
    Map<Object, Object> results =
        of(state).analyses.computeIfAbsent(graph, unused -> new java.util.HashMap<>());
    Object result = results.get(key);
    if (result == null) {
      result = analysis.apply(graph);
      results.put(key, result);
    }
    return (R) result;
  }

  private static ControlFlowGraph build(TreePath bodyPath, VisitorState state) {
    Tree body = bodyPath.getLeaf();
    ClassTree enclosingClass = null;
    MethodTree enclosingMethod = null;
    for (TreePath current = bodyPath; current != null; current = current.getParentPath()) {
      if (enclosingMethod == null && current.getLeaf() instanceof MethodTree method) {
        enclosingMethod = method;
      }
      if (current.getLeaf() instanceof ClassTree type) {
        enclosingClass = type;
        break;
      }
    }
    UnderlyingAST ast;
    if (body instanceof LambdaExpressionTree lambda) {
      ast = new UnderlyingAST.CFGLambda(lambda, enclosingClass, enclosingMethod);
    } else if (body instanceof MethodTree method) {
      ast = new UnderlyingAST.CFGMethod(method, enclosingClass);
    } else {
      ast = new UnderlyingAST.CFGStatement(body, enclosingClass);
    }
    return CFGBuilder.build(
        code(bodyPath), ast, false, false, JavacProcessingEnvironment.instance(state.context));
  }

  /**
   * The code of the body at {@code bodyPath} (as returned by {@link #enclosingBody}): a lambda's or
   * method's body, an initializer itself.
   */
  public static TreePath code(TreePath bodyPath) {
    Tree body = bodyPath.getLeaf();
    if (body instanceof LambdaExpressionTree lambda) {
      return new TreePath(bodyPath, lambda.getBody());
    }
    if (body instanceof MethodTree method && method.getBody() != null) {
      return new TreePath(bodyPath, method.getBody());
    }
    return bodyPath;
  }
}
