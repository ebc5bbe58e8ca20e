package dev.jobs.test.architecture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's design rules, checked by the build (docs/ARCHITECTURE.md, "Rules as tests"): its packages form a
 * DAG with the SPI at the bottom, only the auto-configuration reads the {@code jobs.*} properties, SQL on the job
 * tables is written only in the job package, a status is written as an SQL literal only by the state machine, and
 * the core's tests wait on conditions, not sleeps. The modules built on the core check theirs with the test
 * kit's {@code JobPlatformArchitecture}; the application's test also checks that every controller of every module
 * has one problem mapping.
 *
 * <p>The SQL rules read the main sources' string literals: ArchUnit sees bytecode, where a query is only a
 * constant. A literal is what the code can send, so a hit is SQL written there (a comment never counts).
 *
 * <p>This test lives in the test kit's module, not the core's: the core cannot depend on the test kit (the kit
 * depends on the core), and here it shares the kit's source reader ({@link JavaStringLiterals}) and patterns
 * with the rules of the other modules, so each is written once. It reads the core's sources and test classes
 * beside this module, as Maven builds them ({@code ../job-platform-core}).
 */
class CoreArchitectureTest {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.jobs.core");

	private static final String AUTOCONFIGURE = "dev.jobs.core.autoconfigure";

	private static final DescribedPredicate<JavaClass> PROPERTIES_CLASSES = DescribedPredicate
		.describe("are @ConfigurationProperties classes or nested in one", CoreArchitectureTest::isPropertiesClass);

	private static final Path CORE_MODULE = Path.of("..", "job-platform-core");

	private static final Path SOURCES = CORE_MODULE.resolve(Path.of("src", "main", "java", "dev", "jobs", "core"));

	private static final Path TEST_CLASSES = CORE_MODULE.resolve(Path.of("target", "test-classes"));

	/**
	 * The core's test classes whose sleeps are the thing under test. Everything else waits on conditions
	 * (Awaitility), as {@link JobPlatformArchitecture#waitOnConditionsNotSleeps} asks of every module.
	 */
	private static final Map<String, String> ALLOWED_TO_SLEEP = Map.of("dev.jobs.core.TestHandlers",
			"handlers that simulate work: they sleep as a slow job runs, ignore interrupts as a blocked read does, "
					+ "or look at their cancellation between slices of work as a real handler does",
			"dev.jobs.core.control.LimitedTypeHandlers",
			"handlers of the limited types, registered only in the test's two extra instances: each run takes its "
					+ "time as a slow job does, which is what a global concurrency counts");

	@Test
	void constructorsTakeFewCollaborators() {
		JobPlatformArchitecture.constructorsTakeFewCollaborators().check(CORE);
	}

	@Test
	void corePackagesFormADag() {
		slices().matching("dev.jobs.core.(*)..")
			.should()
			.beFreeOfCycles()
			.because("a package cycle makes every package of it a dependency of every other, so none can be read, "
					+ "changed or tested alone, and internals turn public to be reached; the DAG is drawn in "
					+ "docs/ARCHITECTURE.md")
			.check(CORE);
	}

	@Test
	void theSpiDependsOnNoPackageOfTheEngine() {
		noClasses().that()
			.resideInAPackage("dev.jobs.core")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.jobs.core.*..")
			.because("the SPI is the bottom of the core: handler authors and other modules compile against it "
					+ "alone, and the engine may change below it")
			.check(CORE);
	}

	@Test
	void onlyTheAutoConfigurationReadsThePropertiesClasses() {
		String why = "configuration flows one way: the auto-configuration maps jobs.* into the small settings records "
				+ "the engine reads (SettingsMapping), so a property is renamed or checked in one package and an "
				+ "engine class is built in a test from a record, without Spring's binding";
		classes().that()
			.areAnnotatedWith(ConfigurationProperties.class)
			.should()
			.resideInAPackage(AUTOCONFIGURE)
			.because(why)
			.check(CORE);
		noClasses().that()
			.resideOutsideOfPackage(AUTOCONFIGURE)
			.should()
			.dependOnClassesThat(PROPERTIES_CLASSES)
			.because(why)
			.check(CORE);
	}

	@Test
	void sqlOnTheJobTablesIsWrittenOnlyInTheJobPackage() {
		List<JavaStringLiterals.Literal> outside = JavaStringLiterals.under(existing(SOURCES))
			.stream()
			.filter(l -> !SOURCES.relativize(l.file()).startsWith("job"))
			.filter(l -> JobPlatformArchitecture.JOB_TABLE_SQL.matcher(l.text()).find())
			.toList();
		assertThat(outside)
			.as("SQL on job or job_attempt outside dev.jobs.core.job: every statement on the job tables lives beside "
					+ "the store, so a change of a column or a guard is made in one package")
			.isEmpty();
	}

	@Test
	void onlyThePlatformSchemaNamesTheSchema() {
		assertThat(JobPlatformArchitecture.schemaByHand(existing(SOURCES)))
			.as("SQL that names a schema by hand: every statement writes {jobs}.<table> and PlatformSchema alone puts "
					+ "in jobs.schema.name, so an installation may choose it (public for tables created before); a "
					+ "search_path would change the application's own connections, which submissions share")
			.isEmpty();
		noClasses().that()
			.doNotHaveFullyQualifiedName("dev.jobs.core.ModuleSchema")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.flywaydb..")
			.because("ModuleSchema is where a module's tables and history table are put in the platform's schema; "
					+ "a Flyway configured elsewhere would migrate into the application's schema")
			.check(CORE);
	}

	@Test
	void statusesAreWrittenAsSqlLiteralsOnlyByTheStateMachine() {
		List<JavaStringLiterals.Literal> byHand = JavaStringLiterals.under(existing(SOURCES))
			.stream()
			.filter(l -> !l.file().endsWith(Path.of("job", "JobStateMachine.java")))
			.filter(l -> JobPlatformArchitecture.STATUS_LITERAL.matcher(l.text()).find())
			.toList();
		assertThat(byHand)
			.as("a job status written as an SQL literal outside JobStateMachine: every guard and status set comes "
					+ "from the state machine, so a new status or transition is added in one place")
			.isEmpty();
	}

	@Test
	void onlyTheFanInReleasesWaitingJobsAndCountsBatches() {
		String awaiting = "dev.jobs.core.job.AwaitingJobs";
		String batches = "dev.jobs.core.job.BatchRows";
		noClasses().that()
			.doNotHaveFullyQualifiedName("dev.jobs.core.job.JobFanIn")
			.should().callMethod(awaiting, "release", "java.util.Collection")
			.orShould().callMethod(awaiting, "releaseIfSatisfied", "java.util.Collection")
			.orShould().callMethod(awaiting, "reawait", "java.util.Collection")
			.orShould().callMethod(awaiting, "reawaitBlockedBy", "java.util.UUID")
			.orShould().callMethod(batches, "count", "java.util.List")
			.orShould().callMethod(batches, "shardsCompleted", "java.util.UUID", "int")
			.because("what waits for a job (a batch's count and callbacks, a workflow's next steps) is released, "
					+ "cancelled or counted in one place, JobFanIn, reached through JobEndings on every path that "
					+ "ends or retries a job; a release anywhere else could fire a callback twice or skip a count")
			.check(CORE);
	}

	@Test
	void theCoresTestsWaitOnConditionsNotSleeps() {
		JobPlatformArchitecture.waitOnConditionsNotSleeps(ALLOWED_TO_SLEEP)
			.check(new ClassFileImporter().importPath(existing(TEST_CLASSES)));
	}

	private static Path existing(Path path) {
		assertThat(Files.isDirectory(path))
			.as("%s: the core's module beside this one, built first (run from this module's directory, as Maven "
					+ "does, in the reactor or with -am)", path.toAbsolutePath().normalize())
			.isTrue();
		return path;
	}

	private static boolean isPropertiesClass(JavaClass type) {
		return type.isAnnotatedWith(ConfigurationProperties.class)
				|| type.getEnclosingClass().map(CoreArchitectureTest::isPropertiesClass).orElse(false);
	}

}
