/** Types shared by every slice of the domain: error codes, the domain exception, validation violations. */
package io.draftnrun.domain.shared;
