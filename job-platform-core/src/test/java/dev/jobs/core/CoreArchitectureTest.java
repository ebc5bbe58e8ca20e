package dev.jobs.core;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * DAG with the SPI at the bottom, only the auto-configuration reads the {@code jobs.*} properties, SQL on the job tables is written only in the job package, and a status is
 * written as an SQL literal only by the state machine. The modules built on the core check theirs with the test
 * kit's {@code JobPlatformArchitecture}; the application's test also checks that every controller of every module
 * has one problem mapping.
 *
 * <p>The SQL rules read the main sources' string literals: ArchUnit sees bytecode, where a query is only a
 * constant. A literal is what the code can send, so a hit is SQL written there (a comment never counts).
 */
class CoreArchitectureTest {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.jobs.core");

	private static final String AUTOCONFIGURE = "dev.jobs.core.autoconfigure";

	private static final DescribedPredicate<JavaClass> PROPERTIES_CLASSES = DescribedPredicate
		.describe("are @ConfigurationProperties classes or nested in one", CoreArchitectureTest::isPropertiesClass);

	private static final Path SOURCES = Path.of("src/main/java/dev/jobs/core");

	private static final Pattern JOB_TABLE_SQL = Pattern
		.compile("(?i)\\b(from|join|update|into|table)\\s+job\\b(?![_.])|\\bjob_attempt\\b");

	private static final Pattern STATUS_LITERAL = Pattern.compile("'(" + Arrays.stream(JobStatus.values())
		.map(Enum::name)
		.collect(Collectors.joining("|")) + ")'");

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
		List<JavaStringLiterals.Literal> outside = JavaStringLiterals.under(SOURCES)
			.stream()
			.filter(l -> !SOURCES.relativize(l.file()).startsWith("job"))
			.filter(l -> JOB_TABLE_SQL.matcher(l.text()).find())
			.toList();
		assertThat(outside)
			.as("SQL on job or job_attempt outside dev.jobs.core.job: every statement on the job tables lives beside "
					+ "the store, so a change of a column or a guard is made in one package")
			.isEmpty();
	}

	@Test
	void statusesAreWrittenAsSqlLiteralsOnlyByTheStateMachine() {
		List<JavaStringLiterals.Literal> byHand = JavaStringLiterals.under(SOURCES)
			.stream()
			.filter(l -> !l.file().endsWith(Path.of("job", "JobStateMachine.java")))
			.filter(l -> STATUS_LITERAL.matcher(l.text()).find())
			.toList();
		assertThat(byHand)
			.as("a job status written as an SQL literal outside JobStateMachine: every guard and status set comes "
					+ "from the state machine, so a new status or transition is added in one place")
			.isEmpty();
	}

	private static boolean isPropertiesClass(JavaClass type) {
		return type.isAnnotatedWith(ConfigurationProperties.class)
				|| type.getEnclosingClass().map(CoreArchitectureTest::isPropertiesClass).orElse(false);
	}

}
