//! The street-wide register of open cases.
