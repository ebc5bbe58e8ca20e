package dev.jobs.types.operationlog;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobs.core.operationlog.OperationLog;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParserContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypedValue;
import org.springframework.expression.common.CompositeStringExpression;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.expression.spel.support.StandardTypeConverter;

/**
 * The {@link OperationLog} expressions of every annotated method, parsed and checked once (at
 * start-up), and the evaluation context they run in: arguments by name, {@code #result},
 * {@code #error}, {@code #errorMessage}, {@code #diff}, the registered functions, and secrets masked.
 */
class OperationTemplates {

	/** Variables the recorder provides besides the arguments. */
	static final Set<String> BUILT_IN_VARIABLES = Set.of("result", "error", "errorMessage", "diff", "root", "this");

	private static final Pattern FUNCTION_CALL = Pattern.compile("^#([A-Za-z_$][\\w$]*)\\(");

	private static final Pattern VARIABLE = Pattern.compile("^#([A-Za-z_$][\\w$]*)$");

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<String, MethodHandle> functions;

	private final BeanFactoryResolver beans;

	/** Shared, so the reflective accessor's cache serves every call; the masking one goes first. */
	private final List<PropertyAccessor> accessors = List.of(new MaskingAccessor(), new ReflectivePropertyAccessor());

	private final Map<Method, Compiled> compiled = new ConcurrentHashMap<>();

	/** A method's annotation with its parsed expressions; absent ones are null. */
	record Compiled(OperationLog annotation, String method, String[] parameterNames, Expression target,
			Expression success, Expression fail, Expression condition, Expression before, Expression after) {
	}

	OperationTemplates(List<OperationLogFunction> functionBeans, BeanFactory beanFactory) {
		Map<String, MethodHandle> byName = new LinkedHashMap<>();
		MethodHandle apply;
		try {
			apply = MethodHandles.publicLookup()
				.findVirtual(OperationLogFunction.class, "apply", MethodType.methodType(Object.class, Object.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		for (OperationLogFunction function : functionBeans) {
			String name = function.name();
			if (name == null || !IDENTIFIER.matcher(name).matches()) {
				throw new IllegalStateException("OperationLogFunction " + function.getClass().getName() + " has name '"
						+ name + "': a function name must be a Java identifier (templates call it as #name(arg))");
			}
			if (byName.containsKey(name) || BUILT_IN_VARIABLES.contains(name)) {
				throw new IllegalStateException("Two operation log functions are named '" + name + "' (or it is a "
						+ "built-in variable " + BUILT_IN_VARIABLES + "); rename one: " + function.getClass().getName());
			}
			byName.put(name, apply.bindTo(function));
		}
		this.functions = Map.copyOf(byName);
		this.beans = (beanFactory != null) ? new BeanFactoryResolver(beanFactory) : null;
	}

	Set<String> functionNames() {
		return functions.keySet();
	}

	/** The compiled annotation of a method, or null if it has none. */
	Compiled forMethod(Method method) {
		Compiled found = compiled.get(method);
		if (found != null) {
			return found;
		}
		OperationLog annotation = AnnotatedElementUtils.findMergedAnnotation(method, OperationLog.class);
		if (annotation == null) {
			return null;
		}
		Compiled fresh = compile(method, annotation);
		Compiled raced = compiled.putIfAbsent(method, fresh);
		return (raced != null) ? raced : fresh;
	}

	/**
	 * Parses and checks every expression of the method's annotation.
	 * @throws IllegalStateException naming the method, the attribute and the reason
	 */
	Compiled compile(Method method, OperationLog annotation) {
		String where = "@OperationLog on " + method.getDeclaringClass().getName() + "." + method.getName() + "(..)";
		if (annotation.action() == null || annotation.action().isBlank()) {
			throw new IllegalStateException(where + ": action is empty; name what was done, e.g. EMPLOYEE_UPDATE");
		}
		String[] names = parameterNames.getParameterNames(method);
		Set<String> known = new HashSet<>(BUILT_IN_VARIABLES);
		known.addAll(functions.keySet());
		if (names != null) {
			known.addAll(List.of(names));
		}
		for (int i = 0; i < method.getParameterCount(); i++) {
			known.add("p" + i);
			known.add("a" + i);
		}
		Compiled result = new Compiled(annotation, where, names,
				parse(where, "target", annotation.target(), false, known, names != null),
				parse(where, "success", annotation.success(), true, known, names != null),
				parse(where, "fail", annotation.fail(), true, known, names != null),
				parse(where, "condition", annotation.condition(), false, known, names != null),
				parse(where, "before", annotation.before(), false, known, names != null),
				parse(where, "after", annotation.after(), false, known, names != null));
		return result;
	}

	private Expression parse(String where, String attribute, String text, boolean template, Set<String> known,
			boolean checkVariables) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		Expression expression;
		try {
			expression = template ? parser.parseExpression(text, ParserContext.TEMPLATE_EXPRESSION)
					: parser.parseExpression(text);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(where + ": " + attribute + " \"" + text + "\" does not parse: "
					+ ex.getMessage(), ex);
		}
		List<SpelNode> roots = new ArrayList<>();
		if (expression instanceof SpelExpression spel) {
			roots.add(spel.getAST());
		}
		else if (expression instanceof CompositeStringExpression composite) {
			for (Expression part : composite.getExpressions()) {
				if (part instanceof SpelExpression spel) {
					roots.add(spel.getAST());
				}
			}
		}
		for (SpelNode root : roots) {
			check(where, attribute, text, root, known, checkVariables);
		}
		return expression;
	}

	private void check(String where, String attribute, String text, SpelNode node, Set<String> known,
			boolean checkVariables) {
		String ast = node.toStringAST();
		String simpleType = node.getClass().getSimpleName();
		if ("FunctionReference".equals(simpleType)) {
			Matcher call = FUNCTION_CALL.matcher(ast);
			if (call.find() && !functions.containsKey(call.group(1))) {
				throw new IllegalStateException(where + ": " + attribute + " \"" + text + "\" calls function #"
						+ call.group(1) + "(..), which no OperationLogFunction bean provides; registered functions: "
						+ functions.keySet());
			}
		}
		else if (checkVariables && "VariableReference".equals(simpleType)) {
			Matcher variable = VARIABLE.matcher(ast);
			if (variable.find() && !known.contains(variable.group(1))) {
				throw new IllegalStateException(where + ": " + attribute + " \"" + text + "\" names #"
						+ variable.group(1) + ", which is neither a parameter of the method nor one of "
						+ BUILT_IN_VARIABLES);
			}
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			check(where, attribute, text, node.getChild(i), known, checkVariables);
		}
	}

	/**
	 * Spring's conversions, plus times and durations as their ISO text ({@code #{#result.nextFireAt}}),
	 * which plain SpEL refuses to turn into a String. Other objects stay refused rather than rendered
	 * with {@code toString()}: a record's would print its secret fields unmasked.
	 */
	private static final TypeConverter TO_TEXT = textConverter();

	private static TypeConverter textConverter() {
		DefaultConversionService conversions = new DefaultConversionService();
		conversions.addConverter(java.time.temporal.TemporalAccessor.class, String.class, String::valueOf);
		conversions.addConverter(java.time.temporal.TemporalAmount.class, String.class, String::valueOf);
		return new StandardTypeConverter(conversions);
	}

	/**
	 * A fresh context for one call: arguments by name (and p0, a0, ...), functions, masking. Cheap to
	 * make (it runs on the request's thread for every call): arguments and functions are looked up on
	 * demand instead of being copied in as variables.
	 */
	EvaluationContext context(Compiled compiled, Object[] arguments) {
		MaskingContext context = new MaskingContext(compiled.parameterNames(), arguments, functions);
		context.setPropertyAccessors(accessors);
		context.setTypeConverter(TO_TEXT);
		if (beans != null) {
			context.setBeanResolver(beans);
		}
		return context;
	}

	/**
	 * Variables named like secrets read as the mask. Variables set during the call ({@code #result},
	 * {@code #error}, {@code #diff}) come first, then parameters by name, {@code #p0}/{@code #a0} by
	 * position, then the registered functions.
	 */
	private static final class MaskingContext extends StandardEvaluationContext {

		private final String[] names;

		private final Object[] arguments;

		private final Map<String, MethodHandle> functions;

		MaskingContext(String[] names, Object[] arguments, Map<String, MethodHandle> functions) {
			this.names = names;
			this.arguments = arguments;
			this.functions = functions;
		}

		@Override
		public Object lookupVariable(String name) {
			Object value = super.lookupVariable(name);
			if (value == null) {
				int index = argumentIndex(name);
				value = (index >= 0) ? arguments[index] : functions.get(name);
			}
			return (value != null && !(value instanceof MethodHandle) && Secrets.isSecret(name)) ? Secrets.MASK
					: value;
		}

		/** The position of the argument the name means, or -1: a parameter name wins over a function's. */
		private int argumentIndex(String name) {
			if (names != null) {
				for (int i = 0; i < names.length && i < arguments.length; i++) {
					if (names[i].equals(name)) {
						return i;
					}
				}
			}
			if (name.length() > 1 && name.length() < 6 && (name.charAt(0) == 'p' || name.charAt(0) == 'a')) {
				int index = 0;
				for (int i = 1; i < name.length(); i++) {
					char c = name.charAt(i);
					if (c < '0' || c > '9') {
						return -1;
					}
					index = index * 10 + (c - '0');
				}
				return (index < arguments.length) ? index : -1;
			}
			return -1;
		}

	}

	/** Properties named like secrets ({@code #cmd.password}) read as the mask. */
	private static final class MaskingAccessor implements PropertyAccessor {

		@Override
		public Class<?>[] getSpecificTargetClasses() {
			return null;
		}

		@Override
		public boolean canRead(EvaluationContext context, Object target, String name) {
			return target != null && Secrets.isSecret(name);
		}

		@Override
		public TypedValue read(EvaluationContext context, Object target, String name) {
			return new TypedValue(Secrets.MASK);
		}

		@Override
		public boolean canWrite(EvaluationContext context, Object target, String name) {
			return false;
		}

		@Override
		public void write(EvaluationContext context, Object target, String name, Object newValue)
				throws AccessException {
			throw new AccessException("The operation log never writes properties");
		}

	}

}
