package dev.jobs.archfixture.problemmapping.feature;

import org.springframework.web.bind.annotation.RestController;

/** A controller added to the feature later, named in no list. */
@RestController
public class AddedLaterController {

}
