package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.google.errorprone.util.ASTHelpers;
import com.google.errorprone.util.FindIdentifiers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.tree.JCTree;
import io.github.deferlint.checks.flow.Recurrence;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.DeferApi.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.checkerframework.errorprone.javacutil.TreeUtils;

/**
 * Flags registrations made on every iteration of a loop on a scope opened outside it: Go's {@code
 * defer} in a {@code for} loop, whose calls pile up until the function returns.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A registration inside a loop adds a deferred action on every iteration, and none of them"
            + " runs before the scope ends",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferInLoop.md")
public final class DeferInLoop extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {

  /** Calls that run the lambda they are given once per element, right away. */
  private static final Matcher<ExpressionTree> FOR_EACH =
      Matchers.anyOf(
          MethodMatchers.instanceMethod()
              .onDescendantOfAny("java.lang.Iterable", "java.util.Map")
              .named("forEach"),
          MethodMatchers.instanceMethod()
              .onDescendantOfAny(
                  "java.util.stream.Stream",
                  "java.util.stream.IntStream",
                  "java.util.stream.LongStream",
                  "java.util.stream.DoubleStream")
              .namedAnyOf("forEach", "forEachOrdered"),
          MethodMatchers.instanceMethod()
              .onDescendantOf("java.util.Iterator")
              .named("forEachRemaining"));

  private final DeferApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public DeferInLoop() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferInLoop(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(
        this,
        call,
        state,
        () ->
            api.registrationKind(call, state)
                .map(kind -> check(call, getReceiver(call), kind, state))
                .orElse(NO_MATCH));
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    return Crashproof.match(
        this,
        reference,
        state,
        () ->
            api.registrationKind(reference, state)
                .map(kind -> check(reference, reference.getQualifierExpression(), kind, state))
                .orElse(NO_MATCH));
  }

  private Description check(
      ExpressionTree registration,
      ExpressionTree receiver,
      RegistrationKind kind,
      VisitorState state) {
    if (receiver == null) {
      return NO_MATCH;
    }
    Optional<ScopeRef> scope = api.resolveScope(receiver, state.getPath(), state);
    Optional<List<Loop>> around =
        scope.flatMap(s -> loopsAround(state.getPath(), s.declarer(), state));
    if (around.isEmpty()) {
      return NO_MATCH;
    }
    List<Loop> loops = around.get();
    Optional<Loop> repeating = loops.stream().filter(loop -> loop.repeats(state)).findFirst();
    if (repeating.isEmpty()) {
      return NO_MATCH;
    }
    Optional<Loop> endless = loops.stream().filter(Loop::isEndless).findFirst();
    Description.Builder finding =
        buildDescription(registration)
            .setMessage(message(registration, kind, scope.get(), repeating.get(), endless, state));
    perIterationScope(repeating.get(), scope.get(), registration, state).ifPresent(finding::addFix);
    return finding.build();
  }

  // ---------------------------------------------------------------------------------------------
  // The loops around a registration

  /**
   * A loop around a registration: a loop statement, or a lambda or method reference given to {@code
   * forEach}.
   *
   * @param loop the loop statement, or the functional argument of {@code forEach}
   * @param path the path to {@code loop}
   * @param body the code each iteration runs; null for a method reference
   * @param point the path to what runs in the loop's own body: the registration, or the call whose
   *     inline lambda holds it (an opener, a {@code forEach})
   */
  private record Loop(Tree loop, TreePath path, Tree body, TreePath point) {
    static Loop statement(TreePath path, TreePath point) {
      return new Loop(path.getLeaf(), path, loopBody(path.getLeaf()), point);
    }

    static Loop forEach(TreePath functional) {
      Tree body =
          functional.getLeaf() instanceof LambdaExpressionTree lambda ? lambda.getBody() : null;
      return new Loop(functional.getLeaf(), functional, body, functional);
    }

    boolean isForEach() {
      return loop instanceof LambdaExpressionTree || loop instanceof MemberReferenceTree;
    }

    /**
     * Whether the point may run on several iterations: always for {@code forEach}, whose element
     * count is unknown; never for {@code do { ... } while (false)}; for another statement, unless
     * every path from the point leaves the loop first. That last question needs the body's graph,
     * unless nothing but the loop's condition ends an iteration early or the loop itself, or the
     * body's own statements show the way out.
     */
    boolean repeats(VisitorState state) {
      if (isForEach()) {
        return true;
      }
      if (loop instanceof DoWhileLoopTree && conditionIs(loop, false)) {
        return false;
      }
      if (endsOnlyByCondition(path, state)) {
        return true;
      }
      return !leavesRightAfter(point, loop)
          && Recurrence.mayRunAgainWithin(point, iteratedParts(loop), state);
    }

    /** Whether the loop's condition is always true and nothing but an exception leaves it. */
    boolean isEndless() {
      return isEndlessLoop(path);
    }

    /** Where the loop is, for messages: a statement's first line, a lambda's first line. */
    long line(VisitorState state) {
      return Sources.lineOf(loop, state);
    }
  }

  /**
   * Whether {@code loop}'s condition is the constant {@code value}; a {@code for} loop without one
   * is always true. False for an enhanced {@code for}, which has none.
   */
  private static boolean conditionIs(Tree loop, boolean value) {
    ExpressionTree condition;
    if (loop instanceof WhileLoopTree whileLoop) {
      condition = whileLoop.getCondition();
    } else if (loop instanceof DoWhileLoopTree doWhile) {
      condition = doWhile.getCondition();
    } else if (loop instanceof ForLoopTree forLoop) {
      condition = forLoop.getCondition();
      if (condition == null) {
        return value;
      }
    } else {
      return false;
    }
    return Boolean.valueOf(value).equals(ASTHelpers.constValue(condition, Boolean.class));
  }

  private static boolean isEndlessLoop(TreePath loop) {
    return conditionIs(loop.getLeaf(), true) && Jumps.leaving(loop).isEmpty();
  }

  /**
   * Whether every iteration of the loop at {@code loop} that starts also reaches the next check of
   * its condition: nothing jumps out of it, no endless loop inside it holds control, and it calls
   * no method that the graph takes to end execution. Then whatever runs in one iteration can run in
   * the next, as the graph would say.
   */
  private static boolean endsOnlyByCondition(TreePath loop, VisitorState state) {
    if (!Jumps.leaving(loop).isEmpty() || Jumps.callsTerminatingMethod(loop.getLeaf(), state)) {
      return false;
    }
    boolean[] holdsControl = {false};
    new OwnCode.PathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (mayLoopForever(tree)) {
          holdsControl[0] |= Jumps.leaving(new TreePath(getCurrentPath(), tree)).isEmpty();
        }
        return holdsControl[0] ? null : super.scan(tree, unused);
      }
    }.scan(loop, null);
    return !holdsControl[0];
  }

  /**
   * Whether {@code tree} is a loop whose condition is always true, for javac or for the graph
   * builder, which also takes {@code while (x || true)} as endless.
   */
  private static boolean mayLoopForever(Tree tree) {
    return conditionIs(tree, true)
        || (tree instanceof WhileLoopTree loop && TreeUtils.isExprConstTrue(loop.getCondition()));
  }

  /**
   * Whether every path from {@code point} leaves {@code loop} before its next iteration, as the
   * statements of the loop's body block show: the point is in one of them, in no loop of its own,
   * and that statement or a later one returns or throws (or a later one breaks out of the loop),
   * with no {@code continue} on the way to start the next iteration first. Exceptions leave the
   * loop or are caught within those statements, which then go on to the way out.
   */
  private static boolean leavesRightAfter(TreePath point, Tree loop) {
    if (!(loopBody(loop) instanceof BlockTree block)) {
      return false;
    }
    TreePath statement = point;
    while (statement.getParentPath() != null && statement.getParentPath().getLeaf() != block) {
      if (isLoopStatement(statement.getLeaf())
          || statement.getLeaf() instanceof LambdaExpressionTree
          || statement.getLeaf() instanceof ClassTree) {
        return false;
      }
      statement = statement.getParentPath();
    }
    if (statement.getParentPath() == null || isLoopStatement(statement.getLeaf())) {
      return false;
    }
    List<? extends StatementTree> statements = block.getStatements();
    for (int k = statements.indexOf(statement.getLeaf()); k < statements.size(); k++) {
      StatementTree next = statements.get(k);
      if (next instanceof ReturnTree
          || next instanceof ThrowTree
          || (next != statement.getLeaf()
              && next instanceof BreakTree jump
              && ((JCTree.JCBreak) jump).target == loop)) {
        return true;
      }
      if (containsContinue(next)) {
        return false;
      }
    }
    return false;
  }

  private static boolean isLoopStatement(Tree tree) {
    return !iteratedParts(tree).isEmpty();
  }

  private static boolean containsContinue(Tree tree) {
    boolean[] found = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitContinue(ContinueTree jump, Void unused) {
        found[0] = true;
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }

  /**
   * The loops between a registration and the lambda or method that declares its scope, innermost
   * first; empty when the registration is in a lambda or class that may run later or elsewhere. An
   * opener's inline body runs right where the opener is called, so loops around the opener count.
   */
  private Optional<List<Loop>> loopsAround(
      TreePath registration, Tree declarer, VisitorState state) {
    List<Loop> loops = new ArrayList<>();
    TreePath point = registration;
    for (TreePath childPath = registration;
        childPath.getParentPath() != null;
        childPath = childPath.getParentPath()) {
      Tree child = childPath.getLeaf();
      TreePath current = childPath.getParentPath();
      Tree leaf = current.getLeaf();
      if (leaf == declarer) {
        return Optional.of(loops);
      }
      if (leaf instanceof ClassTree || leaf instanceof MethodTree) {
        return Optional.empty();
      }
      boolean childRunsWhenCalled =
          child instanceof LambdaExpressionTree
              || (childPath == registration && child instanceof MemberReferenceTree);
      if (childRunsWhenCalled) {
        if (!(leaf instanceof MethodInvocationTree call) || !call.getArguments().contains(child)) {
          return Optional.empty();
        }
        if (FOR_EACH.matches(call, state)) {
          loops.add(Loop.forEach(childPath));
        } else if (api.scopeBody(call, state).orElse(null) != child) {
          return Optional.empty(); // Not this check's business: it may run later or elsewhere.
        }
        point = current;
      } else if (iteratedParts(leaf).contains(child)) {
        loops.add(Loop.statement(current, point));
      }
    }
    return Optional.empty();
  }

  /** The parts of a loop statement that run on every iteration; empty for anything else. */
  private static List<Tree> iteratedParts(Tree tree) {
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

  private static Tree loopBody(Tree loop) {
    if (loop instanceof WhileLoopTree whileLoop) {
      return whileLoop.getStatement();
    }
    if (loop instanceof DoWhileLoopTree doWhile) {
      return doWhile.getStatement();
    }
    if (loop instanceof ForLoopTree forLoop) {
      return forLoop.getStatement();
    }
    return ((EnhancedForLoopTree) loop).getStatement();
  }

  // ---------------------------------------------------------------------------------------------
  // The fix: a scope per iteration

  /**
   * The loop body wrapped in {@code Defer.run(it -> { ... })}, its registrations on the outer scope
   * retargeted to {@code it}: each iteration's actions then run when the iteration ends. Offered on
   * the first of those registrations only, so that applying every finding's fix wraps the body
   * once; and only where the wrapped code compiles and does what the loop did, iteration by
   * iteration:
   *
   * <ul>
   *   <li>the body is a block that no {@code break}, {@code continue} or {@code return} leaves (a
   *       {@code forEach} lambda's {@code return} ends the element either way);
   *   <li>the body uses the outer scope only to register on it, directly in its own code, and
   *       registers on no other scope from outside (that one's fix would wrap the same body);
   *   <li>every registration is followed by more work in the iteration: a registration that ends
   *       the iteration ({@code lock.lock(); scope.defer(lock::unlock);}) may hold on purpose until
   *       the scope ends, and wrapping would release it at once;
   *   <li>the locals the body uses from outside are effectively final;
   *   <li>the body throws at most one checked exception type (the opener rethrows it as its single
   *       inferred type).
   * </ul>
   */
  private Optional<SuggestedFix> perIterationScope(
      Loop loop, ScopeRef scope, ExpressionTree registration, VisitorState state) {
    if (!(loop.body() instanceof BlockTree body) || body.getStatements().isEmpty()) {
      return Optional.empty();
    }
    Optional<String> opener = api.runOpenerFor(scope.variable().type, state);
    TreePath bodyPath = new TreePath(loop.path(), body);
    boolean jumpsOut =
        Jumps.leaving(bodyPath).stream()
            .anyMatch(
                jump ->
                    jump.getKind() != Tree.Kind.THROW
                        && !(loop.isForEach() && jump.getKind() == Tree.Kind.RETURN));
    if (opener.isEmpty()
        || state.getSourceCode() == null
        || state.getEndPosition(body) < 0
        || jumpsOut
        || !Variables.capturableByLambdaAround(body)
        || !throwsAtMostOneCheckedType(body, state)) {
      return Optional.empty();
    }
    Optional<List<TreePath>> registrations = retargetableRegistrations(bodyPath, scope, state);
    if (registrations.isEmpty()
        || registrations.get().isEmpty()
        || registrations.get().get(0).getLeaf() != registration
        || registeredValueEscapes(bodyPath, registrations.get(), state)) {
      return Optional.empty();
    }
    List<IdentifierTree> receivers = new ArrayList<>();
    registrations
        .get()
        .forEach(r -> receivers.add((IdentifierTree) getReceiver((ExpressionTree) r.getLeaf())));
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String openerName = SuggestedFixes.qualifyType(state, fix, opener.get());
    String parameter = freshName(bodyPath, state);
    fix.replace(
        body,
        wrapped(body, openerName + ".run(" + parameter + " -> {", receivers, parameter, state));
    return Optional.of(fix.build());
  }

  /**
   * The body's registrations on {@code scope}, in source order; empty when the body uses the scope
   * otherwise (passes it on, recovers on it, registers in a nested loop or a lambda that runs
   * later), registers as the last thing its iteration does, or registers on another scope from
   * outside.
   */
  private Optional<List<TreePath>> retargetableRegistrations(
      TreePath bodyPath, ScopeRef scope, VisitorState state) {
    List<TreePath> registrations = new ArrayList<>();
    boolean[] retargetable = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol instanceof VarSymbol variable
            && api.isScopeType(variable.type, state)
            && api.resolveScope(identifier, getCurrentPath(), state)
                .filter(scope::sameScopeAs)
                .isPresent()) {
          TreePath registration = registrationOn(getCurrentPath(), state);
          if (registration != null
              && runsOncePerIteration(registration, bodyPath.getLeaf(), state)
              && followedByWork(registration, bodyPath.getLeaf())) {
            registrations.add(registration);
          } else {
            retargetable[0] = false;
          }
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        if (receiver != null
            && api.isRegistration(call, state)
            && api.resolveScope(receiver, getCurrentPath(), state)
                .filter(other -> !other.sameScopeAs(scope))
                .filter(other -> !declaredWithin(other.declarer(), getCurrentPath(), bodyPath))
                .isPresent()) {
          retargetable[0] = false; // Its own finding's fix would wrap the same body.
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(bodyPath, null);
    registrations.sort(Comparator.comparingInt(r -> getStartPosition(r.getLeaf())));
    return retargetable[0] ? Optional.of(registrations) : Optional.empty();
  }

  /**
   * Whether something the body registers may outlive the iteration, so that the fix would close or
   * release it while still in use: a {@code closing} call's result, or a local of the body that a
   * registration reads, is stored into a field, an array or a variable from outside the body,
   * handed to an instance method of an object from outside the body ({@code connections.put(name,
   * connection)}), or captured by a lambda or class that may run later.
   */
  private boolean registeredValueEscapes(
      TreePath bodyPath, List<TreePath> registrations, VisitorState state) {
    Set<Symbol> bodyLocals = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        bodyLocals.add(getSymbol(variable));
        return super.visitVariable(variable, unused);
      }
    }.scan(bodyPath.getLeaf(), null);
    Set<Tree> closingCalls = new HashSet<>();
    Set<Symbol> registered = new HashSet<>();
    for (TreePath registration : registrations) {
      MethodInvocationTree call = (MethodInvocationTree) registration.getLeaf();
      if (api.registrationKind(call, state).orElse(null) == RegistrationKind.CLOSING) {
        closingCalls.add(call);
      }
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree identifier, Void unused) {
          Symbol symbol = getSymbol(identifier);
          if (bodyLocals.contains(symbol)) {
            registered.add(symbol);
          }
          return null;
        }
      }.scan(call.getArguments(), null);
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (variable.getInitializer() != null
            && closingCalls.contains(ASTHelpers.stripParentheses(variable.getInitializer()))) {
          registered.add(getSymbol(variable));
        }
        return super.visitVariable(variable, unused);
      }
    }.scan(bodyPath.getLeaf(), null);

    boolean[] escapes = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (registered.contains(getSymbol(identifier))) {
          escapes[0] |= mayOutliveIteration(getCurrentPath(), bodyPath, bodyLocals, state);
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (closingCalls.contains(call)) {
          escapes[0] |= mayOutliveIteration(getCurrentPath(), bodyPath, bodyLocals, state);
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(bodyPath, null);
    return escapes[0];
  }

  /** Whether the value at {@code use} may be kept beyond the iteration; see the caller. */
  private boolean mayOutliveIteration(
      TreePath use, TreePath bodyPath, Set<Symbol> bodyLocals, VisitorState state) {
    TreePath valuePath = use;
    while (valuePath.getParentPath().getLeaf() instanceof ParenthesizedTree
        || valuePath.getParentPath().getLeaf() instanceof TypeCastTree) {
      valuePath = valuePath.getParentPath();
    }
    Tree value = valuePath.getLeaf();
    Tree parent = valuePath.getParentPath().getLeaf();
    if (parent instanceof AssignmentTree assignment && assignment.getExpression() == value) {
      return !bodyLocals.contains(getSymbol(assignment.getVariable()));
    }
    if (parent instanceof NewArrayTree) {
      return true;
    }
    if (parent instanceof MethodInvocationTree call && call.getArguments().contains(value)) {
      ExpressionTree receiver = getReceiver(call);
      boolean ownedByIteration =
          api.isRegistration(call, state)
              || ASTHelpers.isStatic(getSymbol(call))
              || (receiver != null && bodyLocals.contains(getSymbol(receiver)));
      if (!ownedByIteration) {
        return true;
      }
    }
    return capturedForLater(use, bodyPath, state);
  }

  /**
   * Whether a lambda, method reference or class between {@code use} and the body may run after the
   * iteration: anything but a registration's own action, an opener's inline body and a {@code
   * forEach} lambda.
   */
  private boolean capturedForLater(TreePath use, TreePath bodyPath, VisitorState state) {
    for (TreePath childPath = use;
        childPath.getLeaf() != bodyPath.getLeaf();
        childPath = childPath.getParentPath()) {
      Tree child = childPath.getLeaf();
      Tree parent = childPath.getParentPath().getLeaf();
      if (child instanceof ClassTree) {
        return true;
      }
      if (child instanceof LambdaExpressionTree || child instanceof MemberReferenceTree) {
        boolean runsNowOrAsTheAction =
            parent instanceof MethodInvocationTree call
                && call.getArguments().contains(child)
                && (api.isRegistration(call, state)
                    || FOR_EACH.matches(call, state)
                    || api.scopeBody(call, state).orElse(null) == child);
        if (!runsNowOrAsTheAction) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code declarer} lies on the path from {@code path} up to {@code region}. */
  private static boolean declaredWithin(Tree declarer, TreePath path, TreePath region) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() == declarer) {
        return true;
      }
      if (current.getLeaf() == region.getLeaf()) {
        return false;
      }
    }
    return false;
  }

  /** The registration call that the identifier at {@code receiver} is the receiver of, or null. */
  private TreePath registrationOn(TreePath receiver, VisitorState state) {
    TreePath select = receiver.getParentPath();
    TreePath call = select.getParentPath();
    boolean isReceiver =
        select.getLeaf() instanceof MemberSelectTree member
            && member.getExpression() == receiver.getLeaf()
            && call.getLeaf() instanceof MethodInvocationTree invocation
            && invocation.getMethodSelect() == member
            && api.isRegistration(invocation, state);
    return isReceiver ? call : null;
  }

  /**
   * Whether the code at {@code path} runs once each time {@code body} runs: no loop, no lambda
   * other than an opener's inline body, and no class lies between them.
   */
  private boolean runsOncePerIteration(TreePath path, Tree body, VisitorState state) {
    for (TreePath childPath = path;
        childPath.getParentPath().getLeaf() != body;
        childPath = childPath.getParentPath()) {
      Tree leaf = childPath.getParentPath().getLeaf();
      Tree child = childPath.getLeaf();
      if (!iteratedParts(leaf).isEmpty() || leaf instanceof ClassTree) {
        return false;
      }
      if (child instanceof LambdaExpressionTree
          && !(leaf instanceof MethodInvocationTree call
              && api.scopeBody(call, state).orElse(null) == child)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a statement follows the one holding {@code path}, in some block up to {@code body}. */
  private static boolean followedByWork(TreePath path, Tree body) {
    for (TreePath childPath = path;
        childPath.getLeaf() != body;
        childPath = childPath.getParentPath()) {
      if (childPath.getParentPath().getLeaf() instanceof BlockTree block) {
        List<? extends StatementTree> statements = block.getStatements();
        int index = statements.indexOf(childPath.getLeaf());
        if (index >= 0 && index < statements.size() - 1) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the checked exceptions that leave {@code body} have a single most general type, which
   * the opener's body type infers and rethrows; with two unrelated ones it would infer a common
   * supertype that the code around may not handle.
   */
  private static boolean throwsAtMostOneCheckedType(Tree body, VisitorState state) {
    Type runtime = state.getSymtab().runtimeExceptionType;
    Type error = state.getSymtab().errorType;
    List<Type> outermost = new ArrayList<>();
    for (Type thrown : ASTHelpers.getThrownExceptions(body, state)) {
      if (isSubtype(thrown, runtime, state)
          || isSubtype(thrown, error, state)
          || outermost.stream().anyMatch(known -> isSubtype(thrown, known, state))) {
        continue;
      }
      outermost.removeIf(known -> isSubtype(known, thrown, state));
      outermost.add(thrown);
    }
    return outermost.size() <= 1;
  }

  /** A parameter name for the new scope that no code in or around the body already means. */
  private static String freshName(TreePath bodyPath, VisitorState state) {
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
        return super.visitVariable(variable, unused);
      }
    }.scan(bodyPath.getLeaf(), null);
    return Stream.concat(
            Stream.of("it", "iteration"), IntStream.iterate(2, n -> n + 1).mapToObj(n -> "it" + n))
        .filter(name -> !taken.contains(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The body's source with its statements moved into {@code opening ... });}, one level deeper, and
   * {@code receivers} renamed to {@code parameter}.
   */
  private static String wrapped(
      BlockTree body,
      String opening,
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
      return "{ " + opening + inner + "}); }";
    }
    String[] lines = inner.substring(0, inner.lastIndexOf('\n') + 1).split("\n", -1);
    // lines[0] is what follows the opening brace on its line, such as a comment: it stays there.
    StringBuilder result = new StringBuilder("{").append(lines[0]).append('\n');
    result.append(indent).append("  ").append(opening);
    for (int i = 1; i < lines.length; i++) {
      result.append('\n');
      if (!lines[i].isBlank()) {
        result.append("  ").append(lines[i]);
      }
    }
    return result.append(indent).append("  });\n").append(indent).append('}').toString();
  }

  /**
   * The indentation of the line that the body's closing brace starts, or null if code precedes it.
   */
  private static String closingBraceIndent(BlockTree body, VisitorState state) {
    CharSequence source = state.getSourceCode();
    int brace = state.getEndPosition(body) - 1;
    int lineStart = brace;
    while (lineStart > 0 && source.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    String indent = source.subSequence(lineStart, brace).toString();
    return indent.isBlank() ? indent : null;
  }

  // ---------------------------------------------------------------------------------------------
  // The finding

  private static String message(
      ExpressionTree registration,
      RegistrationKind kind,
      ScopeRef scope,
      Loop loop,
      Optional<Loop> endless,
      VisitorState state) {
    boolean closing = kind == RegistrationKind.CLOSING;
    String registers =
        String.format(
            "`%s` registers %s %s on line %d",
            Sources.shortSource(registration, state, 60),
            closing ? "a resource" : "an action",
            loop.isForEach()
                ? "for every element of the forEach"
                : "on every iteration of the loop",
            loop.line(state));
    String happens;
    if (endless.isPresent()) {
      happens =
          String.format(
              "%s, which never ends (only an exception leaves it): the %s and their list grows"
                  + " without bound.",
              endless.get() == loop
                  ? ""
                  : String.format(", inside the loop on line %d", endless.get().line(state)),
              closing ? "resources are never closed" : "actions never run");
    } else {
      happens =
          String.format(
              ", and none %s before %s ends: they pile up and %s until then.",
              closing ? "is closed" : "runs",
              scopeName(scope, state),
              closing ? "stay open" : "hold what they release");
    }
    return registers
        + happens
        + " Register on a scope opened per iteration instead (wrap the loop body in"
        + " `Defer.run(it -> { ... })`).";
  }

  private static String scopeName(ScopeRef scope, VisitorState state) {
    if (scope.openedHere()) {
      return String.format("the scope opened on line %d", Sources.lineOf(scope.opener(), state));
    }
    return scope.declarer() instanceof MethodTree
        ? String.format("the caller's scope `%s`", scope.variable().getSimpleName())
        : String.format("the scope passed in as `%s`", scope.variable().getSimpleName());
  }
}
