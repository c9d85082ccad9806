pub mod imports;
pub mod platform_admin;
pub mod recommend;
