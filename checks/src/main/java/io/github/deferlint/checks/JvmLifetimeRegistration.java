package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.FinallyCleanup;
import io.github.deferlint.checks.flow.InvariantValues;
import io.github.deferlint.checks.flow.PairedRemoval;
import io.github.deferlint.checks.flow.Repetition;
import io.github.deferlint.checks.model.JvmLifetimeApi;
import io.github.deferlint.checks.model.JvmLifetimeApi.Kind;
import io.github.deferlint.checks.model.JvmLifetimeApi.LifetimeRegistration;
import io.github.deferlint.checks.util.Captures;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags registrations that last until the JVM exits ({@code deleteOnExit}, {@code addShutdownHook},
 * Netty's {@code releaseLater}, and user-declared ones) made in code that runs many times: Go's
 * defers piling up in a function that never returns, the function being the JVM.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A registration kept until the JVM exits, made in code that runs many times, keeps one"
            + " more path, thread or object with every run",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "JvmLifetimeRegistration.md")
public final class JvmLifetimeRegistration extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  private static final int SOURCE_IN_MESSAGE = 70;

  private final JvmLifetimeApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public JvmLifetimeRegistration() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public JvmLifetimeRegistration(ErrorProneFlags flags) {
    this.api = JvmLifetimeApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    if (!api.mayRegister(call)) {
      return NO_MATCH; // By name alone: code without these calls resolves no symbol here.
    }
    return Crashproof.match(
        this,
        call,
        state,
        () -> api.registration(call, state).map(r -> check(r, state)).orElse(NO_MATCH));
  }

  /**
   * {@code File::deleteOnExit}, as in {@code files.forEach(File::deleteOnExit)}: one more path with
   * every file it is applied to, wherever it is (as a lambda is, it is a function run any number of
   * times).
   */
  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    if (!reference.getName().contentEquals("deleteOnExit")) {
      return NO_MATCH;
    }
    return Crashproof.match(
        this,
        reference,
        state,
        () ->
            JvmLifetimeApi.deletesEachOnExit(reference, state)
                ? buildDescription(reference)
                    .setMessage(
                        String.format(
                            "`%s` keeps the path of every file it is applied to in the JVM's"
                                + " delete-on-exit set until the JVM exits: one more path with"
                                + " every file. Delete the files when done with them instead:"
                                + " `Files.deleteIfExists(path)` in a `finally`, or in a deferral"
                                + " scope's `defer`.",
                            Sources.shortSource(reference, state, SOURCE_IN_MESSAGE)))
                    .build()
                : NO_MATCH);
  }

  private Description check(LifetimeRegistration registration, VisitorState state) {
    if (keptOnce(registration, state)
        || lastResortAfterFailedDelete(registration, state)
        || undoneByTheClass(registration, state)) {
      return NO_MATCH;
    }
    Optional<Repetition.Reason> repeated = Repetition.of(state.getPath(), state);
    if (repeated.isEmpty()) {
      return NO_MATCH;
    }
    Optional<BlockTree> deletedLater = deletedInFinally(registration, state);
    Description.Builder finding =
        buildDescription(registration.call())
            .setMessage(message(registration, repeated.get(), deletedLater, state));
    deletedLater.ifPresent(
        unused ->
            finding.addFix(deleteStatement(state.getPath().getParentPath().getLeaf(), state)));
    return finding.build();
  }

  /**
   * Whether the registration keeps the same thing however often it is made: {@code deleteOnExit} of
   * a path that is the same on every run is kept once, in a set.
   */
  private static boolean keptOnce(LifetimeRegistration registration, VisitorState state) {
    return registration.kind() == Kind.DELETE_ON_EXIT
        && InvariantValues.sameOnEveryRun(registration.kept(), state.getPath());
  }

  /**
   * Whether the {@code deleteOnExit} runs only when deleting the file right away just failed: a
   * last resort for a file that would stay on disk anyway, kept only as often as deletion fails.
   * That is {@code if (!file.delete()) file.deleteOnExit();} (also through a local that holds the
   * outcome, or in the {@code else} of {@code if (file.delete())}), and the {@code catch} of a
   * {@code try} that deletes it ({@code try { Files.delete(path); } catch (IOException e) {
   * path.toFile().deleteOnExit(); }}).
   */
  private static boolean lastResortAfterFailedDelete(
      LifetimeRegistration registration, VisitorState state) {
    Symbol file =
        registration.kept() == null ? null : JvmLifetimeApi.fileVariable(registration.kept());
    if (registration.kind() != Kind.DELETE_ON_EXIT || file == null) {
      return false;
    }
    Tree child = registration.call();
    for (TreePath current = state.getPath().getParentPath();
        current != null
            && !(current.getLeaf() instanceof MethodTree)
            && !(current.getLeaf() instanceof LambdaExpressionTree);
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof IfTree test
          && ((test.getThenStatement() == child && deletionFailed(test.getCondition(), file, state))
              || (test.getElseStatement() == child && deleted(test.getCondition(), file, state)))) {
        return true;
      }
      if (leaf instanceof CatchTree
          && current.getParentPath().getLeaf() instanceof TryTree attempt
          && deletesWithin(attempt.getBlock(), file, state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code condition} holds when deleting {@code file} now fails: {@code !file.delete()},
   * also as one operand of {@code &&}.
   */
  private static boolean deletionFailed(ExpressionTree condition, Symbol file, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (test instanceof BinaryTree both && test.getKind() == Tree.Kind.CONDITIONAL_AND) {
      return deletionFailed(both.getLeftOperand(), file, state)
          || deletionFailed(both.getRightOperand(), file, state);
    }
    return test instanceof UnaryTree not
        && test.getKind() == Tree.Kind.LOGICAL_COMPLEMENT
        && deleted(not.getExpression(), file, state);
  }

  /**
   * Whether {@code condition} is the outcome of deleting {@code file} now: the call itself, or an
   * effectively final local initialized with it ({@code boolean deleted = file.delete();}).
   */
  private static boolean deleted(ExpressionTree condition, Symbol file, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (JvmLifetimeApi.deletesNow(test, file, state)) {
      return true;
    }
    Symbol outcome = getSymbol(test);
    if (!(test instanceof IdentifierTree)
        || outcome == null
        || !Variables.isLocal(outcome)
        || !ASTHelpers.isConsideredFinal(outcome)) {
      return false;
    }
    ExpressionTree initializer = ControlFlow.localInitializer(outcome, state.getPath());
    return initializer != null
        && JvmLifetimeApi.deletesNow(stripParentheses(initializer), file, state);
  }

  /** Whether {@code block} deletes {@code file}, outside any lambda or class in it. */
  private static boolean deletesWithin(BlockTree block, Symbol file, VisitorState state) {
    boolean[] deletes = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        deletes[0] |= JvmLifetimeApi.deletesNow(call, file, state);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(block, null);
    return deletes[0];
  }

  /** Whether the class removes the hook it adds, from the variable that holds it. */
  private boolean undoneByTheClass(LifetimeRegistration registration, VisitorState state) {
    if (registration.kind() == Kind.SHUTDOWN_HOOK) {
      return PairedRemoval.removedInClass(
          registration.kept(), state.getPath(), api::removedHook, state);
    }
    if (registration.kind() != Kind.USER_DECLARED) {
      return false;
    }
    Symbol holder = resultHolder(state.getPath(), state);
    MethodSymbol method = getSymbol(registration.call());
    return holder != null
        && PairedRemoval.resultRemovedInClass(
            holder,
            state.getPath(),
            (call, unused) -> JvmLifetimeApi.removedByItsType(call, method),
            state);
  }

  /**
   * The variable that keeps what the call at {@code callPath} returns: {@code hook = add(..)}, or,
   * for a helper that returns it ({@code return add(..)}), the variable that code of the same file
   * keeps the helper's result in ({@code this.hook = createHook(..)}).
   */
  private static Symbol resultHolder(TreePath callPath, VisitorState state) {
    TreePath parent = callPath.getParentPath();
    while (parent != null && parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    Tree leaf = parent == null ? null : parent.getLeaf();
    if (leaf instanceof ReturnTree) {
      MethodTree helper = ASTHelpers.findEnclosingNode(parent, MethodTree.class);
      return helper == null ? null : keeperOfResult(getSymbol(helper), state);
    }
    Symbol holder =
        leaf instanceof AssignmentTree assignment
            ? getSymbol(assignment.getVariable())
            : leaf instanceof VariableTree variable ? getSymbol(variable) : null;
    return holder instanceof VarSymbol ? holder : null;
  }

  /**
   * A variable that code of the compilation unit assigns or initializes with a call of {@code
   * method}.
   */
  private static Symbol keeperOfResult(MethodSymbol method, VisitorState state) {
    Symbol[] keeper = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (calls(assignment.getExpression(), method)
            && getSymbol(assignment.getVariable()) instanceof VarSymbol variable) {
          keeper[0] = variable;
        }
        return super.visitAssignment(assignment, null);
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (calls(variable.getInitializer(), method)) {
          keeper[0] = getSymbol(variable);
        }
        return super.visitVariable(variable, null);
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    return keeper[0];
  }

  private static boolean calls(ExpressionTree expression, MethodSymbol method) {
    return expression != null
        && stripParentheses(expression) instanceof MethodInvocationTree call
        && method.equals(getSymbol(call));
  }

  /**
   * The {@code finally} that deletes the file anyway, when the registration is a statement of its
   * own on an effectively final local: then removing it is safe, the fix offered.
   */
  private static Optional<BlockTree> deletedInFinally(
      LifetimeRegistration registration, VisitorState state) {
    TreePath statement = state.getPath().getParentPath();
    Symbol file = registration.kept() == null ? null : getSymbol(registration.kept());
    if (registration.kind() != Kind.DELETE_ON_EXIT
        || !(statement.getLeaf() instanceof ExpressionStatementTree)
        || file == null
        || !Variables.isLocal(file)
        || !ASTHelpers.isConsideredFinal(file)) {
      return Optional.empty();
    }
    return FinallyCleanup.after(statement, tree -> JvmLifetimeApi.deletesNow(tree, file, state));
  }

  /** Deletes {@code statement}, with its line when it stands alone on it. */
  private static SuggestedFix deleteStatement(Tree statement, VisitorState state) {
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

  // ---------------------------------------------------------------------------------------------
  // The message

  private static String message(
      LifetimeRegistration registration,
      Repetition.Reason repeated,
      Optional<BlockTree> deletedLater,
      VisitorState state) {
    Kind kind = registration.kind();
    String keptSource =
        registration.kept() == null
            ? "this"
            : Sources.shortSource(registration.kept(), state, SOURCE_IN_MESSAGE);
    ClassTree site = state.findEnclosing(ClassTree.class);
    boolean capturesThis =
        kind == Kind.SHUTDOWN_HOOK
            && site != null
            && Captures.capturesThis(registration.kept(), getSymbol(site), state.getTypes());
    String advice =
        deletedLater.isPresent()
            ? "The `finally` on line "
                + Sources.lineOf(deletedLater.get(), state)
                + " deletes the file already: remove the `deleteOnExit()` call"
            : JvmLifetimeApi.advice(
                kind,
                keptSource,
                registration.kept() == null
                    ? keptSource
                    : JvmLifetimeApi.pathSource(registration.kept(), state, SOURCE_IN_MESSAGE));
    return String.format(
        "`%s` %s, and it is made %s: one more %s with every %s. %s.",
        Sources.shortSource(registration.call(), state, SOURCE_IN_MESSAGE),
        JvmLifetimeApi.keeps(
            kind, keptSource, capturesThis ? site.getSimpleName().toString() : null),
        repeated.where(),
        JvmLifetimeApi.unit(kind),
        repeated.each(),
        advice);
  }
}
