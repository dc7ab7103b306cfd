/** The ArchUnit rules of CONVENTIONS.md, checked on the real code and proven to fail on planted violations. */
package io.draftnrun.bootstrap.architecture;
