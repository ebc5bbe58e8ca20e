package dev.jobs.archfixture.problemmapping.feature;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A feature's advice, scoped by package as every advice of the platform is. */
@RestControllerAdvice(basePackageClasses = FeatureController.class)
public class FeatureProblemHandler {

}
