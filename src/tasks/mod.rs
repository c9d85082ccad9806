pub mod imports;
pub mod recommend;
