package dev.jobs.archfixture.problemmapping;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.jobs.archfixture.problemmapping.elsewhere.StrayController;
import dev.jobs.archfixture.problemmapping.feature.AddedLaterController;
import dev.jobs.archfixture.problemmapping.feature.FeatureController;
import dev.jobs.archfixture.problemmapping.feature.FeatureProblemHandler;
import dev.jobs.test.architecture.JobPlatformArchitecture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rule "every controller has exactly one problem mapping" (JobPlatformArchitecture) with advices scoped by
 * package: a controller added to a feature's package is covered without being named anywhere, and one in a
 * package no advice covers fails the build instead of silently answering with Spring's defaults.
 */
class ProblemMappingRuleTest {

	@Test
	void aControllerAddedToAFeaturesPackageIsCoveredByItsAdvice() {
		JavaClasses classes = new ClassFileImporter().importClasses(FeatureProblemHandler.class,
				FeatureController.class, AddedLaterController.class);

		assertThatCode(() -> JobPlatformArchitecture.everyRestControllerHasOneProblemMapping().check(classes))
			.doesNotThrowAnyException();
	}

	@Test
	void aControllerInAPackageNoAdviceCoversFailsTheRule() {
		JavaClasses classes = new ClassFileImporter().importClasses(FeatureProblemHandler.class,
				FeatureController.class, StrayController.class);

		assertThatThrownBy(() -> JobPlatformArchitecture.everyRestControllerHasOneProblemMapping().check(classes))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining(StrayController.class.getName() + " is covered by no problem mapping");
	}

}
