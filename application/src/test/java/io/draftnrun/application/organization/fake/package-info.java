/** In-memory fakes of the organization slice's ports, shared with other modules' tests through the test-jar. */
package io.draftnrun.application.organization.fake;
