package io.github.deferlint.checks.model;

import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.Optional;

/**
 * A scope body written inline as a lambda, as its opener runs it.
 *
 * @param lambda the body
 * @param opener the opener call it is given to
 * @param scope the body's scope parameter
 * @param namedResult the body's named result parameter ({@code Defer.named}'s {@code result}): a
 *     second parameter of a result type; empty when the body has none
 * @param returnsValue whether the body's return value is the opener's value ({@code Defer.call},
 *     {@code Defer.named}) rather than there being none ({@code Defer.run})
 */
public record InlineBody(
    LambdaExpressionTree lambda,
    MethodInvocationTree opener,
    VarSymbol scope,
    Optional<VarSymbol> namedResult,
    boolean returnsValue) {}
