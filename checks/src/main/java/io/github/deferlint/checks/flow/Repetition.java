package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/**
 * Whether code may run many times in one JVM, and why: in a loop, in a lambda or a method of a
 * local or anonymous class, in a constructor or instance initializer (once per new instance), in
 * any method other than an entry point. Code runs a bounded number of times in a static
 * initializer, in {@code main} (static or, since Java 25, not; and {@code premain}, {@code
 * agentmain}), in an enum's constructor, under a static once-flag ({@link OnceGuard}), and in an
 * effectively private method or constructor whose every use in the file is such code.
 */
public final class Repetition {
  /** How deep to follow the uses of effectively private methods and constructors. */
  private static final int MAX_DEPTH = 4;

  /**
   * Why code may run many times.
   *
   * @param where where the code is, for a message: "in the constructor of `Pool`"
   * @param each what brings one more run: "new `Pool`", "call", "iteration"
   */
  public record Reason(String where, String each) {}

  private Repetition() {}

  /** Why the code at {@code path} may run many times; empty when it runs a bounded number. */
  public static Optional<Reason> of(TreePath path, VisitorState state) {
    return of(path, state, 0, new HashSet<>());
  }

  private static Optional<Reason> of(
      TreePath path, VisitorState state, int depth, Set<Symbol> following) {
    Tree child = path.getLeaf();
    boolean oncePerInstance = false;
    for (TreePath current = path.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree parent = current.getLeaf();
      if (Loops.iteratedParts(parent).contains(child)) {
        return Optional.of(
            new Reason("in the loop on line " + Sources.lineOf(parent, state), "iteration"));
      }
      if (OnceGuard.guards(current, child, state)) {
        return Optional.empty();
      }
      oncePerInstance |= OnceGuard.guardsEachInstance(current, child, state);
      if (child instanceof LambdaExpressionTree) {
        return Optional.of(
            new Reason("in the lambda on line " + Sources.lineOf(child, state), "run of it"));
      }
      if (parent instanceof ClassTree type) {
        Optional<Reason> reason = member(type, current, child, state, depth, following);
        if (oncePerInstance && reason.isPresent()) {
          if (hasBoundedInstances(getSymbol(type), state, depth, following)) {
            return Optional.empty();
          }
          String typeName = "`" + type.getSimpleName() + "`";
          return Optional.of(
              new Reason(
                  reason.get().where() + " under a once-flag of each " + typeName,
                  "new " + typeName));
        }
        return reason;
      }
    }
    return Optional.empty();
  }

  /** Why {@code member} of {@code type} (at {@code typePath}) may run many times. */
  private static Optional<Reason> member(
      ClassTree type,
      TreePath typePath,
      Tree member,
      VisitorState state,
      int depth,
      Set<Symbol> following) {
    String typeName = "`" + type.getSimpleName() + "`";
    boolean anonymous = typePath.getParentPath().getLeaf() instanceof NewClassTree;
    boolean isEnum = type.getKind() == Tree.Kind.ENUM;
    if (member instanceof MethodTree method) {
      MethodSymbol symbol = getSymbol(method);
      String name = method.getName().toString();
      if (symbol.isConstructor() && isEnum) {
        return Optional.empty(); // Once per constant, local enums too.
      }
      if (anonymous || ASTHelpers.enclosingClass(symbol).isDirectlyOrIndirectlyLocal()) {
        return Optional.of(
            symbol.isConstructor()
                ? new Reason(
                    "in the constructor of the local "
                        + (type.getKind() == Tree.Kind.RECORD ? "record " : "class ")
                        + typeName,
                    "new " + typeName)
                : new Reason("in `" + name + "()` of a local or anonymous class", "run"));
      }
      if (isEntryPoint(symbol, state)) {
        return Optional.empty();
      }
      Reason own =
          symbol.isConstructor()
              ? new Reason("in the constructor of " + typeName, "new " + typeName)
              : new Reason(
                  "in "
                      + (symbol.isStatic() ? "static " : "")
                      + "`"
                      + name
                      + (method.getParameters().isEmpty() ? "()`" : "(..)`"),
                  "call");
      return usedOnlyOnce(symbol, state, depth, following) ? Optional.empty() : Optional.of(own);
    }
    boolean isStatic =
        member instanceof BlockTree block
            ? block.isStatic()
            : member instanceof VariableTree field
                && (getSymbol(field).flags() & Flags.STATIC) != 0;
    if (isStatic || isEnum) {
      return Optional.empty();
    }
    if (anonymous) {
      // An anonymous class's initializers run where its instance is created.
      return of(typePath.getParentPath(), state, depth, following);
    }
    String where =
        member instanceof BlockTree
            ? "in an instance initializer of " + typeName
            : "in the initializer of the field `" + ((VariableTree) member).getName() + "`";
    return Optional.of(new Reason(where, "new " + typeName));
  }

  /**
   * Whether the JVM holds a bounded number of instances of {@code type}, so that a flag of each is
   * a flag of the JVM: every {@code new} of it or of a subclass in the file runs a bounded number
   * of times (there is at least one, and no {@code ::new}), and no code outside the file can add
   * more: the class is effectively private, or the file keeps its instance in a static field of its
   * type and it has no public or protected constructor, as a singleton does, lazy or not
   * (Testcontainers' {@code ResourceReaper.instance()}). Code elsewhere in the package is not seen.
   */
  private static boolean hasBoundedInstances(
      ClassSymbol symbol, VisitorState state, int depth, Set<Symbol> following) {
    boolean closed =
        ASTHelpers.isEffectivelyPrivate(symbol)
            || (ASTHelpers.getEnclosedElements(symbol).stream()
                    .noneMatch(
                        member ->
                            member.getKind() == ElementKind.CONSTRUCTOR
                                && (member.getModifiers().contains(Modifier.PUBLIC)
                                    || member.getModifiers().contains(Modifier.PROTECTED)))
                && fileKeepsAnInstanceIn(symbol, state));
    if (!closed || depth >= MAX_DEPTH || !following.add(symbol)) {
      return false;
    }
    try {
      List<TreePath> creations = creations(symbol, state);
      return !creations.isEmpty()
          && creations.stream()
              .allMatch(
                  creation ->
                      creation.getLeaf() instanceof NewClassTree
                          && of(creation, state, depth + 1, following).isEmpty());
    } finally {
      following.remove(symbol);
    }
  }

  /** Whether a class of the file keeps an instance of {@code type} in a static field. */
  private static boolean fileKeepsAnInstanceIn(ClassSymbol type, VisitorState state) {
    boolean[] kept = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        Symbol field = getSymbol(variable);
        kept[0] |=
            field != null
                && field.getKind() == ElementKind.FIELD
                && ASTHelpers.isStatic(field)
                && ASTHelpers.isSameType(field.type, type.type, state);
        return kept[0] ? null : super.visitVariable(variable, null);
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    return kept[0];
  }

  /**
   * The paths to every {@code new} of {@code type} or of a subclass, and every constructor
   * reference to one, in the file.
   */
  private static List<TreePath> creations(ClassSymbol type, VisitorState state) {
    return pathsIn(
        state,
        tree ->
            (tree instanceof NewClassTree
                    || (tree instanceof MemberReferenceTree reference
                        && reference.getMode() == MemberReferenceTree.ReferenceMode.NEW))
                && getSymbol(tree) != null
                && getSymbol(tree).owner.isSubClass(type, state.getTypes()));
  }

  /**
   * {@code main}, {@code premain} and {@code agentmain}: run once by the launcher. Since Java 25
   * (JEP 512) {@code main} may be an instance method and take no parameters, as in a compact source
   * file's {@code void main()}; the launcher runs any non-private {@code void main()} or {@code
   * void main(String[])}.
   */
  private static boolean isEntryPoint(MethodSymbol method, VisitorState state) {
    String name = method.getSimpleName().toString();
    return switch (name) {
      case "main" ->
          !method.isPrivate()
              && method.getReturnType().getKind() == TypeKind.VOID
              && (method.getParameters().isEmpty()
                  || (method.getParameters().size() == 1
                      && ASTHelpers.isSameType(
                          method.getParameters().get(0).type,
                          state.arrayTypeForType(state.getSymtab().stringType),
                          state)));
      case "premain", "agentmain" -> method.isStatic() && !method.getParameters().isEmpty();
      default -> false;
    };
  }

  /**
   * Whether {@code method} is effectively private, overrides nothing, and every use of it in the
   * compilation unit runs a bounded number of times. A use as a method reference, or no use at all
   * (reflection, frameworks), may run any number of times.
   */
  private static boolean usedOnlyOnce(
      MethodSymbol method, VisitorState state, int depth, Set<Symbol> following) {
    if (depth >= MAX_DEPTH
        || !ASTHelpers.isEffectivelyPrivate(method)
        || !ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty()
        || !following.add(method)) {
      return false;
    }
    try {
      List<TreePath> uses = uses(method, state);
      return !uses.isEmpty()
          && uses.stream()
              .allMatch(
                  use ->
                      !(use.getLeaf() instanceof MemberReferenceTree)
                          && of(use, state, depth + 1, following).isEmpty());
    } finally {
      following.remove(method);
    }
  }

  /** The paths to the calls of, {@code new}s of and references to {@code method} in the file. */
  private static List<TreePath> uses(MethodSymbol method, VisitorState state) {
    return pathsIn(state, tree -> getSymbol(tree) == method);
  }

  /**
   * The paths to the calls, {@code new}s and method references in the file that are {@code wanted}.
   */
  private static List<TreePath> pathsIn(VisitorState state, Predicate<Tree> wanted) {
    List<TreePath> paths = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        addIfWanted(call);
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        addIfWanted(creation);
        return super.visitNewClass(creation, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        addIfWanted(reference);
        return super.visitMemberReference(reference, null);
      }

      private void addIfWanted(Tree tree) {
        if (wanted.test(tree)) {
          paths.add(getCurrentPath());
        }
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    return paths;
  }
}
