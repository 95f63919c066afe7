// The translation unit that owns the precompiled header of the test programs
// (mechestim_test_pch in CMakeLists.txt); it has no code of its own.
