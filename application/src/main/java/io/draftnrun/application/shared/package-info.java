/** Cross-slice application services: server information and the health of the dependencies. */
package io.draftnrun.application.shared;
