package dev.jobs.types.operationlog;

import java.lang.reflect.Method;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.types.operationlog.OperationLogEntry.Change;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import dev.jobs.types.operationlog.OperationTemplates.Compiled;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.aop.support.AopUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * Records the calls of {@code @OperationLog} methods. On the caller's thread it only evaluates the
 * expressions and hands the entry to the {@link OperationLogShipper}'s buffer: no database write, no
 * wait on the broker. Anything that goes wrong while recording is logged and never reaches the
 * caller; the business method's own exception is recorded as a failure and propagates unchanged.
 */
class OperationLogInterceptor implements MethodInterceptor {

	private static final Logger log = LoggerFactory.getLogger(OperationLogInterceptor.class);

	private static final int MAX_TEXT = 2000;

	private static final int MAX_ARGUMENTS_JSON = 16_000;

	private final OperationTemplates templates;

	private final OperationLogShipper shipper;

	private final JsonMapper json;

	private final AtomicLong lastWarning = new AtomicLong();

	OperationLogInterceptor(OperationTemplates templates, OperationLogShipper shipper, JsonMapper json) {
		this.templates = templates;
		this.shipper = shipper;
		this.json = json;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Compiled compiled;
		EvaluationContext context = null;
		Object before = null;
		try {
			compiled = compiledFor(invocation);
			if (compiled != null) {
				context = templates.context(compiled, invocation.getArguments());
				if (compiled.before() != null) {
					before = compiled.before().getValue(context);
				}
			}
		}
		catch (RuntimeException ex) {
			warn("prepare the entry of " + invocation.getMethod(), ex);
			return invocation.proceed();
		}
		if (compiled == null) {
			return invocation.proceed();
		}
		long start = System.nanoTime();
		Instant startedAt = Instant.now();
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable failure) {
			record(compiled, context, invocation.getArguments(), startedAt, start, null, failure, before);
			throw failure;
		}
		record(compiled, context, invocation.getArguments(), startedAt, start, result, null, before);
		return result;
	}

	/** Which method of which class, resolved once per pair: the lookups walk the class hierarchy. */
	private record Site(Method method, Class<?> targetClass) {
	}

	private static final Compiled NONE = new Compiled(null, null, null, null, null, null, null, null, null);

	private final Map<Site, Compiled> sites = new ConcurrentHashMap<>();

	private Compiled compiledFor(MethodInvocation invocation) {
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis()) : null;
		Compiled found = sites.computeIfAbsent(new Site(invocation.getMethod(), targetClass), site -> {
			Compiled compiled = templates.forMethod(AopUtils.getMostSpecificMethod(site.method(), site.targetClass()));
			return (compiled != null) ? compiled : NONE;
		});
		return (found != NONE) ? found : null;
	}

	private void record(Compiled compiled, EvaluationContext context, Object[] arguments, Instant startedAt,
			long start, Object result, Throwable failure, Object before) {
		try {
			long durationMs = (System.nanoTime() - start) / 1_000_000;
			context.setVariable("result", result);
			if (failure != null) {
				context.setVariable("error", failure);
				context.setVariable("errorMessage", failure.getMessage());
			}
			List<Change> diff = null;
			if (compiled.before() != null && failure == null) {
				Object after = (compiled.after() != null) ? compiled.after().getValue(context) : result;
				diff = Diffs.between(before, after);
				context.setVariable("diff", Diffs.render(diff));
			}
			if (compiled.condition() != null && !Boolean.TRUE.equals(compiled.condition().getValue(context, Boolean.class))) {
				return;
			}
			String message;
			if (failure == null) {
				message = render(compiled, "success", compiled.success(), context);
			}
			else if (compiled.fail() != null) {
				message = render(compiled, "fail", compiled.fail(), context);
			}
			else {
				message = compiled.annotation().action() + " failed: " + failure.getClass().getSimpleName()
						+ (failure.getMessage() != null ? ": " + failure.getMessage() : "");
			}
			String target = null;
			if (compiled.target() != null) {
				target = render(compiled, "target", compiled.target(), context);
			}
			RequestFacts.Facts request = RequestFacts.current();
			OperationLogEntry entry = new OperationLogEntry(OperationLogIds.next(), startedAt, request.user(),
					compiled.annotation().action(), cut(target, 500), cut(message, MAX_TEXT),
					(failure == null) ? Outcome.SUCCESS : Outcome.FAILURE,
					(failure != null) ? failure.getClass().getName() : null,
					(failure != null) ? cut(failure.getMessage(), MAX_TEXT) : null, durationMs, request.clientIp(),
					cut(request.userAgent(), 500), request.httpMethod(), cut(request.path(), 500),
					request.correlationId(),
					compiled.annotation().recordArguments() ? arguments(compiled, arguments) : null, diff,
					RequestFacts.traceId());
			shipper.offer(entry);
		}
		catch (RuntimeException | LinkageError ex) {
			warn("record " + compiled.method(), ex);
		}
	}

	/** A template that fails at run time (a null on the way) still gives an entry, saying so. */
	private String render(Compiled compiled, String attribute, Expression expression, EvaluationContext context) {
		try {
			Object value = expression.getValue(context);
			return (value != null) ? String.valueOf(value) : null;
		}
		catch (RuntimeException ex) {
			warn("render " + attribute + " of " + compiled.method(), ex);
			return "[" + attribute + " could not be rendered: " + ex.getMessage() + "] "
					+ expression.getExpressionString();
		}
	}

	private JsonNode arguments(Compiled compiled, Object[] arguments) {
		ObjectNode node = json.createObjectNode();
		for (int i = 0; i < arguments.length; i++) {
			String name = (compiled.parameterNames() != null && i < compiled.parameterNames().length)
					? compiled.parameterNames()[i] : "p" + i;
			Object argument = arguments[i];
			if (argument == null) {
				node.putNull(name);
			}
			else if (!recordable(argument)) {
				continue;
			}
			else if (Secrets.isSecret(name)) {
				node.put(name, Secrets.MASK);
			}
			else {
				try {
					node.set(name, Secrets.mask(json.valueToTree(argument)));
				}
				catch (RuntimeException ex) {
					node.put(name, "<" + argument.getClass().getSimpleName() + ": not serialisable>");
				}
			}
		}
		if (node.toString().length() > MAX_ARGUMENTS_JSON) {
			ObjectNode truncated = json.createObjectNode();
			truncated.put("truncated", "the arguments exceed " + MAX_ARGUMENTS_JSON + " characters of JSON");
			return truncated;
		}
		return node;
	}

	/** The request, response, principal and streams are context, not arguments. */
	private static boolean recordable(Object argument) {
		String name = argument.getClass().getName();
		return !(argument instanceof Principal || argument instanceof java.io.InputStream
				|| argument instanceof java.io.OutputStream || name.startsWith("jakarta.servlet.")
				|| name.startsWith("org.springframework.security.") || name.startsWith("org.apache.catalina."));
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	/** At most one warning a second: a broken template on a hot endpoint must not flood the log. */
	private void warn(String what, Throwable ex) {
		long now = System.currentTimeMillis();
		long last = lastWarning.get();
		if (now - last >= 1000 && lastWarning.compareAndSet(last, now)) {
			log.warn("Operation log could not {} ({}); the call itself is unaffected", what, ex.toString());
		}
	}

}
