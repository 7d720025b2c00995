package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Types;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.ElementKind;

/** What code holds on to when it is kept for later: a lambda, an anonymous class, a new object. */
public final class Captures {
  private Captures() {}

  /**
   * Whether evaluating {@code tree} in code of {@code enclosing} yields something that holds the
   * current instance of {@code enclosing}: {@code tree} mentions {@code this} (or {@code
   * Outer.this}), uses an instance field or method of {@code enclosing} without a qualifier, or
   * creates an inner (non-static) class of it. Members that an anonymous class inside {@code tree}
   * inherits are its own, not the enclosing instance's.
   */
  public static boolean capturesThis(Tree tree, ClassSymbol enclosing, Types types) {
    boolean[] captures = {false};
    Deque<ClassSymbol> anonymous = new ArrayDeque<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree type, Void unused) {
        anonymous.push(ASTHelpers.getSymbol(type));
        try {
          return super.visitClass(type, null);
        } finally {
          anonymous.pop();
        }
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null) {
          String name = identifier.getName().toString();
          captures[0] |= (name.equals("this") && anonymous.isEmpty()) || isEnclosingMember(symbol);
        }
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        // Outer.this
        captures[0] |=
            select.getIdentifier().contentEquals("this")
                && getSymbol(select.getExpression()) == enclosing;
        return super.visitMemberSelect(select, null);
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        Symbol constructor = getSymbol(creation);
        if (constructor != null && creation.getClassBody() == null) {
          Symbol created = constructor.owner;
          captures[0] |=
              created.hasOuterInstance() && isEnclosingMemberType(created.owner, enclosing);
        }
        return super.visitNewClass(creation, null);
      }

      // An instance field or method of the enclosing class, not one an anonymous class inherits.
      private boolean isEnclosingMember(Symbol symbol) {
        boolean instanceMember =
            (symbol.getKind() == ElementKind.FIELD || symbol.getKind() == ElementKind.METHOD)
                && !isStatic(symbol)
                && symbol.owner instanceof ClassSymbol owner
                && enclosing.isSubClass(owner, types);
        if (!instanceMember) {
          return false;
        }
        for (ClassSymbol inner : anonymous) {
          if (inner.isSubClass(symbol.owner, types)) {
            return false;
          }
        }
        return true;
      }
    }.scan(tree, null);
    return captures[0];
  }

  private static boolean isEnclosingMemberType(Symbol owner, ClassSymbol enclosing) {
    for (Symbol current = enclosing; current != null; current = current.owner) {
      if (current == owner) {
        return true;
      }
    }
    return false;
  }
}
