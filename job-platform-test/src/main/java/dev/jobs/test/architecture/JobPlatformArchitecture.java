package dev.jobs.test.architecture;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.jobs.core.JobStatus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules every module built on the platform checks in its own tests (job-types, the dashboard, the
 * application, the test kit, a team's module of job types): ArchUnit rules on the bytecode, and source rules on
 * the SQL a module writes, which bytecode cannot show. See {@code docs/ARCHITECTURE.md}, "Rules as tests".
 *
 * <pre>{@code
 * JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
 *     .importPackages("com.example.jobs");
 * JobPlatformArchitecture.useOnlyTheCoresSpi().check(main);
 * JobPlatformArchitecture.assertNoJobTableSql(Path.of("src/main/java"));
 *
 * JavaClasses tests = new ClassFileImporter().importPath(Path.of("target/test-classes"));
 * JobPlatformArchitecture.waitOnConditionsNotSleeps(Map.of()).check(tests);
 * }</pre>
 */
public final class JobPlatformArchitecture {

	/** Packages of the core that are SPI as a whole. */
	static final Set<String> SPI_PACKAGES = Set.of("dev.jobs.core", "dev.jobs.core.operationlog");

	/** SPI classes in packages that also hold the engine's own classes. */
	static final Set<String> SPI_CLASSES = Set.of(
			// message delivery: a type without a job row, and how it is published
			"dev.jobs.core.message.MessageHandler", "dev.jobs.core.message.MessageSender",
			"dev.jobs.core.message.ReceivedMessage",
			// result files: how a handler writes a download, and the storage an application may replace
			"dev.jobs.core.result.ResultStorage", "dev.jobs.core.result.ResultFile",
			"dev.jobs.core.result.ResultWriter",
			// schedules: what an operator's page lists and changes (pause, resume, edit, run now, delete)
			"dev.jobs.core.schedule.Schedules", "dev.jobs.core.schedule.Schedule",
			"dev.jobs.core.schedule.MisfirePolicy", "dev.jobs.core.schedule.InvalidScheduleException",
			"dev.jobs.core.schedule.ScheduleConflictException", "dev.jobs.core.schedule.ScheduleNotFoundException",
			// only to order an auto-configuration after the core's
			"dev.jobs.core.autoconfigure.JobsAutoConfiguration");

	/** A class of the core that is not its public SPI: the engine's own business. */
	public static final DescribedPredicate<JavaClass> CORE_INTERNALS = new DescribedPredicate<>(
			"are the core's internals (anything in dev.jobs.core.. but the SPI listed in docs/ARCHITECTURE.md)") {

		@Override
		public boolean test(JavaClass type) {
			String name = type.getName();
			if (!name.startsWith("dev.jobs.core.")) {
				return false;
			}
			String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
			return !SPI_PACKAGES.contains(type.getPackageName()) && !SPI_CLASSES.contains(topLevel);
		}

	};

	private static final String REST_CONTROLLER = "org.springframework.web.bind.annotation.RestController";

	private static final List<String> ADVICES = List.of(
			"org.springframework.web.bind.annotation.RestControllerAdvice",
			"org.springframework.web.bind.annotation.ControllerAdvice");

	private static final String EXCEPTION_HANDLER = "org.springframework.web.bind.annotation.ExceptionHandler";

	private static final String ERROR_CONTROLLER = "org.springframework.boot.webmvc.error.ErrorController";

	/** SQL that reads or writes the core's job tables, qualified ({@code {jobs}.job}) or not. */
	static final Pattern JOB_TABLE_SQL = Pattern
		.compile("(?i)\\b(from|join|update|into|table)\\s+(\\S+\\.)?job\\b(?![_.])|\\bjob_attempt\\b");

	/**
	 * SQL that names a schema by hand: a table qualified with the default schema or {@code public}
	 * ({@code jobs.job}, {@code "jobs".job}, {@code public.job}; an alias's column such as {@code t.id} is no
	 * schema), or a change of the {@code search_path} ({@code set search_path}, {@code set_config('search_path'},
	 * a JDBC URL's {@code currentSchema=}).
	 */
	static final Pattern SCHEMA_BY_HAND = Pattern.compile("(?i)\\b(from|join|update|into|table|truncate|only)\\s+\"?"
			+ "(jobs|public)\"?\\.[a-z_]|\\bset\\s+(local\\s+|session\\s+)?search_path\\b"
			+ "|set_config\\s*\\(\\s*'search_path'|currentSchema\\="); // \\= so that this literal does not match itself

	/** A job status written as an SQL literal, e.g. {@code 'SUCCEEDED'}. */
	static final Pattern STATUS_LITERAL = Pattern.compile("'(" + Arrays.stream(JobStatus.values())
		.map(Enum::name)
		.collect(Collectors.joining("|")) + ")'");

	private JobPlatformArchitecture() {
	}

	/**
	 * A module on the platform uses only the core's public SPI: the package {@code dev.jobs.core}, the
	 * {@code operationlog} annotations, the message-delivery and result-file contracts.
	 */
	/** The most collaborators a class's constructor takes; see {@link #constructorsTakeFewCollaborators()}. */
	public static final int MOST_COLLABORATORS = 7;

	/**
	 * No constructor of a class takes more than {@value #MOST_COLLABORATORS} collaborators. Values (primitives,
	 * strings, numbers, times, durations, paths, ids) are not collaborators, and records are exempt: their
	 * components are data, built with names where they are many (e.g. {@code JobView.builder()}).
	 */
	public static ArchRule constructorsTakeFewCollaborators() {
		return classes().that()
			.areNotRecords()
			.and()
			.areNotAnonymousClasses()
			.should(new ArchCondition<JavaClass>("take at most " + MOST_COLLABORATORS + " collaborators in a constructor") {

				@Override
				public void check(JavaClass type, ConditionEvents events) {
					type.getConstructors()
						.stream()
						.filter(c -> collaborators(c.getRawParameterTypes()) > MOST_COLLABORATORS)
						.forEach(c -> events.add(SimpleConditionEvent.violated(c, c.getFullName() + " takes "
								+ collaborators(c.getRawParameterTypes()) + " collaborators")));
				}

			})
			.because("a class that needs more collaborators does more than one thing: give each concern a class "
					+ "named for it, or group what truly belongs together (docs/ARCHITECTURE.md, \"Rules as tests\")")
			.allowEmptyShould(true);
	}

	private static long collaborators(List<JavaClass> parameters) {
		return parameters.stream().filter(p -> !isValue(p)).count();
	}

	private static boolean isValue(JavaClass type) {
		String name = type.getName();
		return type.isPrimitive() || type.isEnum() || name.startsWith("java.lang.") || name.startsWith("java.time.")
				|| name.startsWith("java.math.") || name.equals("java.nio.file.Path") || name.equals("java.util.UUID")
				|| name.equals("java.util.Locale");
	}

	public static ArchRule useOnlyTheCoresSpi() {
		return noClasses().should()
			.dependOnClassesThat(CORE_INTERNALS)
			.because("everything else in the core is the engine's business and changes without notice; "
					+ "a module that needs more asks for it in the SPI (docs/ARCHITECTURE.md, \"Rules as tests\")");
	}

	/**
	 * Every {@code @RestController} is covered by exactly one problem mapping: one {@code @RestControllerAdvice}
	 * whose scope includes it, or (none and) its own {@code @ExceptionHandler} methods. The error controller, which
	 * answers for what no controller handled, is the mapping of last resort and needs none.
	 */
	public static ArchRule everyRestControllerHasOneProblemMapping() {
		return classes().should(new ArchCondition<JavaClass>("have exactly one problem mapping if a @RestController") {

			private List<JavaClass> advices = List.of();

			@Override
			public void init(java.util.Collection<JavaClass> all) {
				advices = all.stream().filter(c -> advice(c).isPresent()).toList();
			}

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				if (!type.isAnnotatedWith(REST_CONTROLLER) || type.isAssignableTo(ERROR_CONTROLLER)) {
					return;
				}
				List<String> covering = advices.stream()
					.filter(advice -> covers(advice(advice).orElseThrow(), type))
					.map(JavaClass::getSimpleName)
					.toList();
				boolean ownHandlers = type.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(EXCEPTION_HANDLER));
				boolean one = covering.size() == 1 || (covering.isEmpty() && ownHandlers);
				String message = type.getName() + (covering.isEmpty()
						? (ownHandlers ? " maps its own problems" : " is covered by no problem mapping")
						: " is covered by " + covering);
				events.add(new SimpleConditionEvent(type, one, message));
			}

		}).because("a controller left out of every advice answers its client mistakes with Spring's defaults "
				+ "instead of RFC 9457 problems, and two advices make the answer depend on their order");
	}

	/**
	 * A call that makes its thread wait a fixed time: {@code Thread.sleep}, {@code TimeUnit.sleep},
	 * {@code LockSupport.park…}.
	 */
	static final DescribedPredicate<JavaMethodCall> A_FIXED_WAIT = new DescribedPredicate<>(
			"Thread.sleep, TimeUnit.sleep or LockSupport.park") {

		@Override
		public boolean test(JavaMethodCall call) {
			String owner = call.getTargetOwner().getName();
			String name = call.getName();
			return (owner.equals(Thread.class.getName()) && name.equals("sleep"))
					|| (owner.equals(java.util.concurrent.TimeUnit.class.getName()) && name.equals("sleep"))
					|| (owner.equals(java.util.concurrent.locks.LockSupport.class.getName()) && name.startsWith("park"));
		}

	};

	/**
	 * Test code waits on conditions, never a fixed time: no class sleeps but those {@code allowed}, whose sleep is
	 * the thing under test (a handler simulating work, the length of an outage, a benchmark's pace).
	 * @param allowed top-level class names allowed to sleep, each with the reason (the reasons are read by people:
	 * the rule only needs the names)
	 */
	public static ArchRule waitOnConditionsNotSleeps(Map<String, String> allowed) {
		DescribedPredicate<JavaClass> notListed = new DescribedPredicate<>(
				"are not allowed to sleep (allowed: " + allowed.keySet() + ")") {

			@Override
			public boolean test(JavaClass type) {
				String name = type.getName();
				return !allowed.containsKey(name.contains("$") ? name.substring(0, name.indexOf('$')) : name);
			}

		};
		return noClasses().that(notListed)
			.should()
			.callMethodWhere(A_FIXED_WAIT)
			.because("tests wait on conditions, not sleeps: Awaitility's await().atMost(..).until(..) goes on as soon "
					+ "as the condition holds and fails saying what it waited for, where a sleep is too long on a "
					+ "fast machine and too short on a loaded one; a sleep that is itself under test is listed with "
					+ "its reason");
	}

	private static Optional<JavaAnnotation<JavaClass>> advice(JavaClass type) {
		return ADVICES.stream()
			.filter(type::isAnnotatedWith)
			.findFirst()
			.map(name -> type.getAnnotationOfType(name));
	}

	private static boolean covers(JavaAnnotation<JavaClass> advice, JavaClass controller) {
		JavaClass[] assignable = (JavaClass[]) advice.get("assignableTypes").orElse(new JavaClass[0]);
		JavaClass[] packageClasses = (JavaClass[]) advice.get("basePackageClasses").orElse(new JavaClass[0]);
		JavaClass[] annotations = (JavaClass[]) advice.get("annotations").orElse(new JavaClass[0]);
		String[] packages = (String[]) advice.get("basePackages").orElse(new String[0]);
		String[] values = (String[]) advice.get("value").orElse(new String[0]);
		if (assignable.length + packageClasses.length + annotations.length + packages.length + values.length == 0) {
			return true; // an advice without a scope applies to every controller
		}
		String pkg = controller.getPackageName();
		return Arrays.stream(assignable).anyMatch(t -> controller.isAssignableTo(t.getName()))
				|| Arrays.stream(packageClasses).anyMatch(t -> inPackage(pkg, t.getPackageName()))
				|| Arrays.stream(packages).anyMatch(p -> inPackage(pkg, p))
				|| Arrays.stream(values).anyMatch(p -> inPackage(pkg, p))
				|| Arrays.stream(annotations).anyMatch(a -> controller.isAnnotatedWith(a.getName()));
	}

	private static boolean inPackage(String pkg, String base) {
		return pkg.equals(base) || pkg.startsWith(base + ".");
	}

	/**
	 * The string literals under {@code sources} that name a schema by hand ({@link #SCHEMA_BY_HAND}).
	 */
	public static List<JavaStringLiterals.Literal> schemaByHand(Path sources) {
		return JavaStringLiterals.under(sources).stream().filter(l -> SCHEMA_BY_HAND.matcher(l.text()).find()).toList();
	}

	/**
	 * Fails if a source under {@code sources} names a schema in SQL by hand: only {@code PlatformSchema} names the
	 * platform's schema, by replacing {@code {jobs}.} (its name is {@code jobs.schema.name}, the installation's to
	 * choose), and nothing changes a connection's {@code search_path} (the platform's statements share the
	 * application's connections and transactions).
	 */
	public static void assertTablesNamedThroughThePlatformSchema(Path sources) {
		List<JavaStringLiterals.Literal> found = schemaByHand(sources);
		if (!found.isEmpty()) {
			throw new AssertionError("SQL that names a schema by hand (write {jobs}.<table> and send it through "
					+ "PlatformSchema, which puts in the schema jobs.schema.name names; never a literal schema, which "
					+ "breaks an installation with another name, nor a search_path, which would change the "
					+ "application's own connections):\n  "
					+ found.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
		}
	}

	/**
	 * The string literals under {@code sources} that would query the core's job tables ({@code job},
	 * {@code job_attempt}) or write a job status as an SQL literal.
	 */
	public static List<JavaStringLiterals.Literal> jobTableSql(Path sources) {
		return JavaStringLiterals.under(sources)
			.stream()
			.filter(l -> JOB_TABLE_SQL.matcher(l.text()).find() || STATUS_LITERAL.matcher(l.text()).find())
			.toList();
	}

	/**
	 * Fails if a source under {@code sources} holds SQL on the core's job tables or a job status literal: the job
	 * table's columns, JSON shapes and statuses are the core's to change, and its guards come from the state
	 * machine; a module asks the SPI ({@code JobBrowser}, {@code JobClient}, {@code JobContext}) instead.
	 */
	public static void assertNoJobTableSql(Path sources) {
		List<JavaStringLiterals.Literal> found = jobTableSql(sources);
		if (!found.isEmpty()) {
			throw new AssertionError("SQL on the core's job tables, or a job status written by hand, outside the core "
					+ "(the job table's columns and statuses are the core's to change; ask its SPI instead):\n  "
					+ found.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
		}
	}

}
