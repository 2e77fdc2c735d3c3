// SPDX-License-Identifier: MIT
// (placeholder: tests for frame_codec)
